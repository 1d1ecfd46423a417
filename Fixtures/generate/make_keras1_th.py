"""Keras 1 `dim_ordering='th'` fixtures (issue 16 item 2): Fixtures/keras1/*.h5 with goldens.

Run by hand from the repository root (never by CI), with the venv of make_fixtures.py:

    /work/venv-tf/bin/python Fixtures/generate/make_keras1_th.py

No Keras 1 is installed here, so each file is written with h5py as Keras 1.2.2 wrote a full model:
a Sequential `model_config` in Keras 1's names (Convolution2D with nb_filter/nb_row/nb_col,
border_mode, subsample, dim_ordering 'th'; Dense with output_dim), `keras_version` 1.2.2 and
`model_weights` with Keras 1's weight names (`conv_a_W`, `conv_a_b`). The weights come from a
tf_keras twin built with data_format='channels_first' and seeded random weights; each Conv2D
kernel (rows, cols, in, out) is stored as Keras 1 'th' stored it, (out, in, rows, cols). The
`_theano` variant also says `backend: theano` and stores every kernel flipped along rows and
columns first (Theano convolves, TensorFlow correlates), as Keras 2's loader expects of such a
file. The goldens are the twin's outputs (`predict`) on seeded inputs.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_fixtures as mf  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

FOLDER = os.path.join(mf.FIXTURES, "keras1")
INPUT = (3, 10, 10)
NONE = {"W_regularizer": None, "b_regularizer": None, "activity_regularizer": None, "W_constraint": None,
        "b_constraint": None}


def twin():
    layers = mf.tf_keras.layers
    model = mf.tf_keras.Sequential([
        layers.Input(INPUT),
        layers.Conv2D(4, 3, padding="same", activation="relu", data_format="channels_first", name="conv_a"),
        layers.MaxPooling2D(2, data_format="channels_first", name="pool"),
        layers.ZeroPadding2D(1, data_format="channels_first", name="pad"),
        layers.Conv2D(5, (2, 3), data_format="channels_first", name="conv_b"),
        layers.Flatten(name="flat"),
        layers.Dense(3, name="head"),
    ])
    mf.randomize_weights(model, "keras1_th")
    return model


def keras1_config():
    def conv(name, filters, rows, cols, border, activation, first=False):
        config = dict(name=name, trainable=True, nb_filter=filters, nb_row=rows, nb_col=cols, init="glorot_uniform",
                      activation=activation, border_mode=border, subsample=[1, 1], dim_ordering="th", bias=True,
                      **NONE)
        if first:
            config.update(batch_input_shape=[None, *INPUT], input_dtype="float32")
        return {"class_name": "Convolution2D", "config": config}
    layers = [
        conv("conv_a", 4, 3, 3, "same", "relu", first=True),
        {"class_name": "MaxPooling2D", "config": {"name": "pool", "trainable": True, "pool_size": [2, 2],
                                                  "strides": [2, 2], "border_mode": "valid", "dim_ordering": "th"}},
        {"class_name": "ZeroPadding2D", "config": {"name": "pad", "trainable": True, "padding": [1, 1],
                                                   "dim_ordering": "th"}},
        conv("conv_b", 5, 2, 3, "valid", "linear"),
        {"class_name": "Flatten", "config": {"name": "flat", "trainable": True}},
        {"class_name": "Dense", "config": dict(name="head", trainable=True, output_dim=3, init="glorot_uniform",
                                               activation="linear", bias=True, input_dim=None, **NONE)},
    ]
    return {"class_name": "Sequential", "config": layers}


def write(path, model, theano):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"1.2.2"
        if theano:
            f.attrs["backend"] = b"theano"
        f.attrs["model_config"] = json.dumps(keras1_config()).encode("utf-8")
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([l.name.encode() for l in model.layers])
        for layer in model.layers:
            g = group.create_group(layer.name)
            values = layer.get_weights()
            names = []
            if values:
                kernel, bias = values
                if kernel.ndim == 4:
                    if theano:
                        kernel = kernel[::-1, ::-1, :, :]
                    kernel = np.transpose(kernel, (3, 2, 0, 1))
                for suffix, value in (("W", kernel), ("b", bias)):
                    names.append(("%s_%s" % (layer.name, suffix)).encode())
                    g.create_dataset(names[-1].decode(), data=value.astype(np.float32))
            g.attrs["weight_names"] = np.array(names, dtype="S")


def main():
    os.makedirs(os.path.join(FOLDER, "golden"), exist_ok=True)
    model = twin()
    inputs = mf.make_inputs("keras1_th", [(INPUT, -1, 1)])
    outputs = [model.predict(inputs[0], verbose=0).astype(np.float32)]
    for stem, theano in (("th_cnn", False), ("th_cnn_theano", True)):
        write(os.path.join(FOLDER, stem + ".h5"), model, theano)
        with h5py.File(os.path.join(FOLDER, "golden", stem + ".h5"), "w") as f:
            f.attrs["model"] = "keras1/%s.h5" % stem
            f.attrs["batch_size"] = mf.BATCH
            f.attrs["random_outputs"] = np.array([], dtype=np.int64)
            f.create_dataset("input_0", data=inputs[0])
            f.create_dataset("output_0", data=outputs[0])
        print("  keras1/%s.h5" % stem)


if __name__ == "__main__":
    main()
