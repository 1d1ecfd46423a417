"""channels_first layer models (issue 16 item 2): convolutions, poolings, normalization, resizing
and Flatten with data_format='channels_first', Lambdas reading the NCHW tensors between them, and
the scale-and-shift chain and cancelling transposes that item 5 folds away. Goldens are
TensorFlow's own outputs for the channels_first models, computed by `model.predict` (a graph,
whose layout pass runs NHWC kernels): TensorFlow 2.21's eager NCHW convolution on the CPU (oneDNN)
gave conv_b of cf_image in Keras 3 wrong by 0.7 against a NumPy reference, where predict agreed
with it to 4e-7."""
import numpy as np
from make_family_fixtures import case

CF = "channels_first"


def predicted(model, inputs):
    out = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    return [np.asarray(o, dtype=np.float32) for o in (out if isinstance(out, list) else [out])]


def image_stack(layers, x, lam):
    # x / 127.5 - 1 on the raw image, then a channels_first CNN; the Lambda slices channels (axis 1).
    x = lam(x)
    x = layers.Conv2D(6, 3, padding="same", activation="relu", data_format=CF, name="conv_a")(x)
    x = layers.BatchNormalization(axis=1, name="bn")(x)
    x = layers.MaxPooling2D(2, data_format=CF, name="pool")(x)
    x = layers.ZeroPadding2D(((1, 0), (2, 1)), data_format=CF, name="pad")(x)
    x = layers.Conv2D(4, 3, strides=2, data_format=CF, name="conv_b")(x)
    x = layers.Cropping2D(((1, 0), (0, 1)), data_format=CF, name="crop")(x)
    x = layers.UpSampling2D(2, data_format=CF, name="up")(x)
    x = layers.Flatten(name="flat")(x)
    return layers.Dense(3, name="head")(x)


def separable_stack(layers, x, lam):
    x = layers.SeparableConv2D(5, 3, data_format=CF, name="sep")(x)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, data_format=CF, name="depthwise")(x)
    x = lam(x)
    x = layers.Conv2DTranspose(4, 3, strides=2, data_format=CF, name="deconv")(x)
    x = layers.AveragePooling2D(2, data_format=CF, name="avg")(x)
    a = layers.GlobalAveragePooling2D(data_format=CF, name="gap")(x)
    b = layers.GlobalMaxPooling2D(data_format=CF, name="gmp")(x)
    return layers.Concatenate(name="both")([a, b])


def sequence_stack(layers, x, lam):
    x = layers.Conv1D(6, 3, padding="same", data_format=CF, name="conv1d")(x)
    x = layers.MaxPooling1D(2, data_format=CF, name="pool1d")(x)
    x = lam(x)
    x = layers.AveragePooling1D(2, data_format=CF, name="avg1d")(x)
    return layers.GlobalMaxPooling1D(data_format=CF, name="gmp1d")(x)


def flatten_stack(layers, x, lam):
    # Flatten(data_format='channels_first') moves the channels last before flattening.
    x = layers.Conv2D(3, 2, data_format=CF, name="conv")(x)
    x = lam(x)
    x = layers.Flatten(data_format=CF, name="flat_cf")(x)
    return layers.Dense(4, name="head")(x)


CASES = [
    case("cf_image", [((3, 12, 12), 0, 255)], "lambda x: x / 127.5 - 1.0", body=image_stack, golden=predicted,
         description="channels_first CNN: scale Lambda, Conv2D, BatchNormalization(axis=1), pooling, "
                     "padding, cropping, upsampling, Flatten, Dense"),
    case("cf_separable", [((3, 10, 10), -1, 1)], "lambda x: x[:, 1:4] * 2.0 + 0.5", body=separable_stack, golden=predicted,
         description="channels_first SeparableConv2D, DepthwiseConv2D, a Lambda slicing channels, "
                     "Conv2DTranspose, AveragePooling2D, global poolings"),
    case("cf_sequence", [((4, 16), -1, 1)], "lambda x: K.relu(x - 0.1)",
         keras3_source="lambda x: ops.relu(x - 0.1)", body=sequence_stack, golden=predicted,
         description="channels_first Conv1D, MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D"),
    case("cf_flatten", [((2, 5, 6), -1, 1)], "lambda x: K.sum(x, axis=1, keepdims=True) * x",
         keras3_source="lambda x: ops.sum(x, axis=1, keepdims=True) * x", body=flatten_stack, golden=predicted,
         description="Flatten(data_format='channels_first') after a channels_first Conv2D and a Lambda "
                     "summing the channels"),
    case("scale_shift_chain", [((6, 4), 0, 255)], "lambda x: (x / 127.5 - 1.0) * 3.0 + 2.0",
         description="a chain of scalar scale-and-shift steps: one Core ML layer"),
    case("transpose_pair", [((3, 4, 5), -1, 1)],
         "lambda x: K.permute_dimensions(K.permute_dimensions(x, (0, 2, 3, 1)), (0, 3, 1, 2)) * 2.0",
         keras3_source="lambda x: ops.transpose(ops.transpose(x, (0, 2, 3, 1)), (0, 3, 1, 2)) * 2.0",
         description="a transpose pair that cancels: no transpose is written"),
]
