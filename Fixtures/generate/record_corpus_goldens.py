#!/usr/bin/env python3
"""Hand-run: golden outputs for corpus models that Keras can no longer load as they are.

`01_naokishibuya__car-behavioral-cloning__model.h5` was saved by Keras 1.2.1 (layer configs in
Keras 1 names, a Lambda marshaled by Python 3.5): no Keras or Python of today loads it. This
script rebuilds the same network by hand in tf_keras from the file's Keras 1 config (read here
with h5py, independently of delambda), runs the Lambda's function as its source says
(`lambda x: x / 127.5 - 1.0`, shown by `delambda inspect`), copies the stored weights layer by
layer, and records outputs for seeded inputs. Tests compare delambda's conversion of the
original file with them.

    /work/venv-tf/bin/python Fixtures/generate/record_corpus_goldens.py
"""

import json
import os

import h5py
import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tf_keras as keras  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "files")
GOLDEN = os.path.join(ROOT, "Fixtures", "golden")


def car_behavioral_cloning():
    name = "01_naokishibuya__car-behavioral-cloning__model.h5"
    path = os.path.join(CORPUS, name)
    with h5py.File(path, "r") as handle:
        layers = json.loads(handle.attrs["model_config"])["config"]
        weights = handle["model_weights"]
        model = keras.Sequential()
        model.add(keras.Input(shape=tuple(layers[0]["config"]["batch_input_shape"][1:])))
        for entry in layers:
            config = entry["config"]
            kind = entry["class_name"]
            if kind == "Lambda":
                model.add(keras.layers.Lambda(lambda x: x / 127.5 - 1.0, name=config["name"]))
            elif kind == "Convolution2D":
                assert config["dim_ordering"] == "tf"
                model.add(keras.layers.Conv2D(
                    config["nb_filter"], (config["nb_row"], config["nb_col"]), strides=tuple(config["subsample"]),
                    padding=config["border_mode"], activation=config["activation"], use_bias=config["bias"],
                    name=config["name"]))
            elif kind == "Dropout":
                model.add(keras.layers.Dropout(config["p"], name=config["name"]))
            elif kind == "Flatten":
                model.add(keras.layers.Flatten(name=config["name"]))
            elif kind == "Dense":
                model.add(keras.layers.Dense(
                    config["output_dim"], activation=config["activation"], use_bias=config["bias"],
                    name=config["name"]))
            else:
                raise SystemExit(f"unexpected layer class {kind}")
        for layer in model.layers:
            group = weights[layer.name]
            names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
            layer.set_weights([group[n][()] for n in names])
    inputs = np.random.default_rng(2026).uniform(0, 255, size=(2, 66, 200, 3)).astype(np.float32)
    outputs = model.predict(inputs, verbose=0)
    golden = os.path.join(GOLDEN, "corpus_01_car_behavioral_cloning.h5")
    with h5py.File(golden, "w") as handle:
        handle["input_0"] = inputs
        handle["output_0"] = outputs
        handle.attrs["model"] = name
        handle.attrs["recorded_with"] = f"tf_keras {keras.__version__}, rebuilt by hand from the Keras 1 config"
    print(golden, outputs.ravel())


if __name__ == "__main__":
    car_behavioral_cloning()
