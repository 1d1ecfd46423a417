"""Times tf2onnx on the large benchmark models, for comparison with `delambda-bench convert
--formats onnx` (run by hand, never by CI; issue 19).

    /work/venv-tf215/bin/pip install tf2onnx
    /work/venv-tf215/bin/python scripts/time_tf2onnx.py [--rounds 5] [MODEL.h5 ...]

Each round is a fresh Python process (as `delambda convert` is a fresh process) that imports
TensorFlow and tf2onnx, loads the model with its Lambdas (which runs the model's Python code),
and calls `tf2onnx.convert.from_keras(model, opset=17, output_path=...)`. Reported per model: the
whole process's wall time, the `from_keras` call alone, and the peak resident memory, each as best
and median of the rounds. tf2onnx 1.16 supports TensorFlow up to 2.15, hence that venv.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LARGE = os.path.join(os.path.dirname(HERE), "Fixtures", "large")

CHILD = r"""
import json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
start = time.perf_counter()
import tensorflow as tf
import tf2onnx
class InputLayer(tf.keras.layers.InputLayer):
    # Files saved by tf_keras 2.16+ carry InputLayer's `optional`, which Keras 2.15 does not know.
    def __init__(self, optional=False, **kwargs):
        super().__init__(**kwargs)
model = tf.keras.models.load_model(sys.argv[1], compile=False, custom_objects={"InputLayer": InputLayer})
loaded = time.perf_counter()
tf2onnx.convert.from_keras(model, opset=17, output_path=sys.argv[2])
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "convert": done - loaded}))
"""


def one_round(model, output):
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", CHILD, model, output], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit("tf2onnx failed on %s:\n%s" % (model, child.stderr[-2000:]))
    phases = json.loads(child.stdout.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return wall, phases, peak


def spread(values, unit="s"):
    return "best %.2f %s, median %.2f %s" % (min(values), unit, statistics.median(values), unit)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="*", default=[
        os.path.join(LARGE, "resnet50.h5"), os.path.join(LARGE, "inception_resnet_v2.h5")])
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    import tf2onnx  # noqa: F401 (fail early when the venv lacks it)
    import tensorflow as tf
    print("tf2onnx %s, TensorFlow %s, Python %s" % (tf2onnx.__version__, tf.__version__, sys.version.split()[0]))
    with tempfile.TemporaryDirectory() as folder:
        for model in arguments.models:
            output = os.path.join(folder, "model.onnx")
            walls, loads, converts, peak = [], [], [], 0
            for _ in range(arguments.rounds):
                wall, phases, peak = one_round(model, output)
                walls.append(wall)
                loads.append(phases["load"])
                converts.append(phases["convert"])
            # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: rounds of one model share it.
            print("%s: %.1f MB in, %.1f MB .onnx out" % (
                os.path.basename(model), os.path.getsize(model) / 1e6, os.path.getsize(output) / 1e6))
            print("  process %s; import + load %s; from_keras %s; peak memory %.0f MB" % (
                spread(walls), spread(loads), spread(converts), peak / 1e6))


if __name__ == "__main__":
    main()
