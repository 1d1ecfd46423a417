"""`.keras` archives whose layers saved assets (issue 18): an IntegerLookup adapted on data keeps
its vocabulary in `assets/<its group>/vocabulary.txt`, not in its config. Written to
Fixtures/archives/lookup_assets_<keras>.keras with the outputs on a fixed input beside it
(`.json`), made once with Keras 3 and once with tf.keras 2.13 (whose group path differs). Run by
hand from the repository root:

    /work/venv-tf/bin/python Fixtures/generate/make_assets_archives.py      # Keras 3
    /work/venv-tf213/bin/python Fixtures/generate/make_assets_archives.py   # tf.keras 2.13

`--check DELAMBDA` instead rewrites each archive with `DELAMBDA rewrite -o OUT.keras`, loads the
result with Keras 3 in safe mode and prints its largest difference from the recorded outputs
(run with the Keras 3 venv).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(os.path.dirname(HERE), "archives")
INPUT = [[10, 20, 99], [40, 30, 10]]


def make():
    import tensorflow as tf
    if tf.__version__.startswith("2.13"):
        keras, stem, cast = tf.keras, "lookup_assets_tf_keras213", "lambda t: tf.cast(t, 'float32') * 2.0"
    else:
        import keras
        stem, cast = "lookup_assets_keras3", "lambda t: keras.ops.cast(t, 'float32') * 2.0"
    keras.utils.set_random_seed(18)
    inputs = keras.Input((3,), dtype="int64", name="ids")
    lookup = keras.layers.IntegerLookup(output_mode="int", name="lookup")
    lookup.adapt(np.array([[10, 20, 30], [40, 10, 20]]))
    x = keras.layers.Lambda(eval(cast, {"keras": keras, "tf": tf}), name="as_float")(lookup(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(x))
    path = os.path.join(FOLDER, stem + ".keras")
    model.save(path)
    with open(os.path.join(FOLDER, stem + ".json"), "w") as f:
        json.dump({"input": INPUT, "output": np.asarray(model(np.array(INPUT))).tolist(), "source": cast}, f)
        f.write("\n")
    print("  " + os.path.relpath(path))


def check(delambda):
    import keras
    for name in sorted(os.listdir(FOLDER)):
        if not (name.startswith("lookup_assets_") and name.endswith(".keras")):
            continue
        with open(os.path.join(FOLDER, name[:-len(".keras")] + ".json")) as f:
            expected = json.load(f)
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "out.keras")
            subprocess.run([delambda, "rewrite", os.path.join(FOLDER, name), "-o", out], check=True,
                           stdout=subprocess.DEVNULL)
            model = keras.models.load_model(out, safe_mode=True)
            got = np.asarray(model(np.array(expected["input"])))
        print("%s: .keras rewrite loads in Keras %s safe mode, max error %.3g"
              % (name, keras.__version__, float(np.max(np.abs(got - np.array(expected["output"]))))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(os.path.abspath(sys.argv[2]))
    else:
        make()
