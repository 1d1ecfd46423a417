"""The `.keras` archives tf.keras 2.13 and 2.15 write (issue 18), with goldens, as a fixture family
of its own: Fixtures/families/tf_keras_archives/ (models, goldens, manifest.json in the family format).

tf.keras 2.15 writes the `layers/<snake_case class>[_N]/vars/<i>` layout without the `name`
attributes Keras 3 adds, so the reader finds each layer's group by class and order; tf.keras 2.13
names the same groups `_layer_checkpoint_dependencies` instead of `layers`. Run by hand from the
repository root once with each TensorFlow (not the fixtures' venv, whose TensorFlow is newer); each
run replaces its own model and manifest entry:

    python3 -m venv /work/venv-tf215 && /work/venv-tf215/bin/pip install tensorflow==2.15.1
    /work/venv-tf215/bin/python Fixtures/generate/make_tf_keras_archives.py
    python3 -m venv /work/venv-tf213 && /work/venv-tf213/bin/pip install tensorflow-cpu==2.13.1 h5py
    /work/venv-tf213/bin/python Fixtures/generate/make_tf_keras_archives.py
"""
import json
import os
import sys
import zipfile

import h5py
import numpy as np
import tensorflow as tf

keras = tf.keras
layers = keras.layers
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
FAMILY = "tf_keras_archives"
BATCH = 2
SOURCE = "lambda t: t * 2.0 + 1.0"


def nested_recurrent():
    x = keras.Input((4,), name="input_0")
    inner_in = keras.Input((4,), name="inner_in")
    h = layers.BatchNormalization(name="bn")(inner_in)
    inner = keras.Model(inner_in, layers.Dense(3, name="inner_dense")(h), name="inner_model")
    y = layers.Dense(4, name="d0")(x)
    y = layers.Lambda(eval(SOURCE), name="lam")(y)
    y = inner(y)
    y = layers.Reshape((3, 1), name="steps")(y)
    y = layers.LSTM(3, name="rnn")(y)
    out = layers.Dense(2, name="d1")(y)
    return keras.Model(x, out, name="tf_keras_nested_recurrent")


def randomize(model):
    rng = np.random.default_rng(215)
    for weight in model.weights:
        shape = tuple(weight.shape)
        value = rng.uniform(0.5, 2.0, shape) if "moving_variance" in weight.name else rng.uniform(-0.5, 0.5, shape)
        weight.assign(value.astype(np.float32))


def saved_version(model_rel):
    with zipfile.ZipFile(os.path.join(FIXTURES, model_rel)) as archive:
        return json.loads(archive.read("metadata.json"))["keras_version"]


def main():
    folder = os.path.join(FIXTURES, "families", FAMILY)
    os.makedirs(os.path.join(folder, "golden"), exist_ok=True)
    model = nested_recurrent()
    randomize(model)
    release = ".".join(tf.__version__.split(".")[:2])
    # The 2.15 archive came first and keeps its name.
    stem = "nested_recurrent_tf_keras" if release == "2.15" else "nested_recurrent_tf_keras" + release.replace(".", "")
    model_rel = "families/%s/%s.keras" % (FAMILY, stem)
    golden_rel = "families/%s/golden/%s.h5" % (FAMILY, stem)
    model.save(os.path.join(FIXTURES, model_rel))
    inputs = [np.random.default_rng(1).uniform(-1, 1, (BATCH, 4)).astype(np.float32)]
    outputs = [np.asarray(model(inputs[0], training=False))]
    reloaded = keras.models.load_model(os.path.join(FIXTURES, model_rel), safe_mode=False, compile=False)
    assert float(np.max(np.abs(np.asarray(reloaded(inputs[0], training=False)) - outputs[0]))) < 1e-6
    with h5py.File(os.path.join(FIXTURES, golden_rel), "w") as f:
        f.attrs["model"] = model_rel
        f.attrs["batch_size"] = BATCH
        f.attrs["random_outputs"] = np.array([], dtype=np.int64)
        f.create_dataset("input_0", data=inputs[0])
        f.create_dataset("output_0", data=outputs[0])
    entry = {
        "archive": True, "count_params": int(model.count_params()), "description": "tf.keras %s .keras: %s" % (release, SOURCE),
        "file": model_rel, "flavour": "tf_keras", "golden": golden_rel,
        "inputs": [{"name": "input_0", "range": [-1, 1], "shape": [4]}], "keras_version": saved_version(model_rel),
        "lambdas": [{"arguments": None, "class_name": "Lambda", "layer": "lam", "payload": "marshal",
                     "reads_undefined_global": None, "source": SOURCE}],
        "output_shapes": [[None, 2]], "python_version": "%d.%d" % sys.version_info[:2], "weights_only": False,
    }
    manifest = os.path.join(folder, "manifest.json")
    entries = []
    if os.path.exists(manifest):
        with open(manifest) as f:
            entries = [e for e in json.load(f) if e["file"] != model_rel]
    entries = sorted(entries + [entry], key=lambda e: e["file"])
    with open(manifest, "w") as f:
        json.dump(entries, f, indent=1, sort_keys=True)
        f.write("\n")
    print("  " + model_rel)


if __name__ == "__main__":
    main()
