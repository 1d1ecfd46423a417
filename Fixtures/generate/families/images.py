"""Images: resize to any size (down-scaling and fractional factors, TF 1 and TF 2 names, every
sampling flag), K.resize_images, crops, flips, grayscale, per-image standardization and
depth/space reorganization (GitHub issue 15, session 8 part B).

Inputs are NHWC batches. Keras 3 sources use keras.ops where Keras 3 has the function.
"""
from make_family_fixtures import case

IMAGE = [((6, 8, 3), -1, 1)]
ODD = [((5, 7, 2), -1, 1)]

CASES = [
    case("resize_v2_down", IMAGE, "lambda x: tf.image.resize(x, (4, 5))",
         flavours=("tf_keras",)),
    case("resize_v2_fractional", ODD, "lambda x: tf.image.resize(x, [8, 9])",
         keras3_source="lambda x: tf.image.resize(x, [8, 9])"),
    case("resize_v2_nearest_down", IMAGE, "lambda x: tf.image.resize(x, (4, 3), method='nearest')",
         flavours=("tf_keras",)),
    case("resize_v2_nearest_name", ODD,
         "lambda x: tf.image.resize(x, (9, 11), method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)",
         flavours=("tf_keras",)),
    case("resize_v1_bilinear_legacy", ODD, "lambda x: tf.compat.v1.image.resize_bilinear(x, (8, 4))",
         flavours=("tf_keras",)),
    case("resize_v1_bilinear_align", ODD,
         "lambda x: tf.compat.v1.image.resize_bilinear(x, (3, 10), align_corners=True)",
         flavours=("tf_keras",)),
    case("resize_v1_bilinear_half_pixel", IMAGE,
         "lambda x: tf.compat.v1.image.resize_bilinear(x, (9, 5), half_pixel_centers=True)",
         flavours=("tf_keras",)),
    case("resize_v1_nearest_align", ODD,
         "lambda x: tf.compat.v1.image.resize_nearest_neighbor(x, (10, 14), align_corners=True)",
         flavours=("tf_keras",)),
    case("resize_v1_nearest_down", IMAGE,
         "lambda x: tf.compat.v1.image.resize_nearest_neighbor(x, (4, 6))", flavours=("tf_keras",)),
    case("resize_images_v1", ODD, "lambda x: tf.compat.v1.image.resize_images(x, (7, 3))",
         flavours=("tf_keras",)),
    case("resize_images_v1_nearest_align", ODD,
         "lambda x: tf.compat.v1.image.resize(x, (8, 8), method=1, align_corners=True)",
         flavours=("tf_keras",)),
    case("k_resize_images_bilinear", ODD,
         "lambda x: K.resize_images(x, 2, 3, 'channels_last', interpolation='bilinear')",
         flavours=("tf_keras",), head=True),
    case("crop_to_bounding_box", IMAGE, "lambda x: tf.image.crop_to_bounding_box(x, 1, 2, 4, 5)",
         flavours=("tf_keras",)),
    case("flip_left_right", IMAGE, "lambda x: tf.image.flip_left_right(x)",
         keras3_source="lambda x: ops.flip(x, axis=2)"),
    case("flip_up_down", IMAGE, "lambda x: tf.image.flip_up_down(x)",
         keras3_source="lambda x: ops.flip(x, axis=1)"),
    case("rgb_to_grayscale", IMAGE, "lambda x: tf.image.rgb_to_grayscale(x)", flavours=("tf_keras",)),
    case("per_image_standardization", IMAGE, "lambda x: tf.image.per_image_standardization(x)",
         flavours=("tf_keras",)),
    case("depth_to_space_v1", [((3, 4, 8), -1, 1)], "lambda x: tf.compat.v1.depth_to_space(x, 2)",
         flavours=("tf_keras",)),
    case("space_to_depth_nn", IMAGE, "lambda x: tf.nn.space_to_depth(x, 2)", flavours=("tf_keras",)),
]
