"""tf.image.central_crop at a known image size (GitHub issue 15, "Images"): TensorFlow keeps the
centre, int((h - h * fraction) / 2) rows and columns off each side."""
from make_family_fixtures import case

CASES = [
    case("central_crop_half", [((7, 5, 3), -1, 1)], "lambda x: tf.image.central_crop(x, 0.5)"),
    case("central_crop_keyword", [((10, 12, 2), -1, 1)],
         "lambda x: tf.image.central_crop(x, central_fraction=0.25)", flavours=("tf_keras",)),
]
