"""Makes Fixtures/flexible/: small tf_keras models over inputs of unknown size whose conversion
Core ML's flexible shapes cannot express, for the CLI tests of the refusals (issue 16 item 1).
Run by hand from the repository root with the TensorFlow venv:

    /work/venv-tf/bin/python Fixtures/generate/make_flexible_refusals.py
"""
import os

import numpy as np
import tf_keras

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "flexible")


def save(name, inputs, outputs):
    model = tf_keras.Model(inputs, outputs, name=name)
    rng = np.random.default_rng(16)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
    model.save(os.path.join(OUT, name + ".h5"))


def main():
    os.makedirs(OUT, exist_ok=True)
    layers = tf_keras.layers
    # reset_after=True (TensorFlow 2's default) is unrolled over the steps: they must be known.
    x = layers.Input((None, 12), name="steps")
    save("gru_reset_after", x, layers.Dense(3, name="head")(layers.GRU(4, name="gru")(x)))
    # Cropping1D slices up to the last step minus 2: the slice's end is the size.
    x = layers.Input((None, 40), name="frames")
    cropped = layers.Cropping1D((1, 2), name="crop")(x)
    save("cropping_any_length", x, layers.GlobalAveragePooling1D(name="gap")(cropped))


if __name__ == "__main__":
    main()
