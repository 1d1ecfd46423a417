"""Builds the large models of the Core ML conversion benchmark (run by hand, never by CI).

    /work/venv-tf/bin/python Fixtures/generate/make_benchmark_models.py

Writes into Fixtures/large/ (git-ignored, not committed):
- resnet50.h5: tf_keras ResNet50 (ImageNet head, seeded random weights), about 100 MB.
- inception_resnet_v2.h5: tf_keras InceptionResNetV2 in its Keras <= 2.10 form, where each of the 40
  residual-scaling blocks is
  `Lambda(lambda inputs, scale: inputs[0] + inputs[1] * scale, arguments={'scale': s})`, about 226 MB.
Weights are random (seeded): the benchmark measures conversion, not accuracy.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np
import tensorflow as tf
import tf_keras
from tf_keras.src.applications import inception_resnet_v2

HERE = os.path.dirname(os.path.abspath(__file__))
LARGE = os.path.join(os.path.dirname(HERE), "large")


def scaling_lambda(scale, **kwargs):
    """What Keras <= 2.10 wrote where newer versions use CustomScaleLayer."""
    scaling_lambda.count += 1
    return tf_keras.layers.Lambda(
        lambda inputs, scale: inputs[0] + inputs[1] * scale,
        arguments={"scale": scale},
        name="block_scale_%d" % scaling_lambda.count,
    )


scaling_lambda.count = 0


def main():
    os.makedirs(LARGE, exist_ok=True)
    tf_keras.utils.set_random_seed(1)
    resnet = tf_keras.applications.ResNet50(weights=None)
    resnet.save(os.path.join(LARGE, "resnet50.h5"))
    tf_keras.backend.clear_session()
    tf_keras.utils.set_random_seed(2)
    inception_resnet_v2.CustomScaleLayer = scaling_lambda
    inception = tf_keras.applications.InceptionResNetV2(weights=None)
    lambdas = [layer for layer in inception.layers if isinstance(layer, tf_keras.layers.Lambda)]
    assert len(lambdas) == 40, len(lambdas)
    inception.save(os.path.join(LARGE, "inception_resnet_v2.h5"))
    for name in ("resnet50.h5", "inception_resnet_v2.h5"):
        path = os.path.join(LARGE, name)
        print("%s: %.1f MB" % (path, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
