"""Keras's own `Resizing` layer (what `rewrite` turns a `tf.image.resize` Lambda into, and what
models with preprocessing built in contain): each sampling path of the converters, one case each.
Layer cases (no Lambda)."""
from make_family_fixtures import case


def down_bilinear(api, x):
    # Shrinking by fractional factors: the interpolation-matrix path in Core ML.
    return api.layers.Resizing(4, 5, name="resize_down")(x)


def up_whole_bilinear(api, x):
    # Whole factors (2 and 3): Core ML's upsample with half-pixel (align_corners false) sampling.
    return api.layers.Resizing(8, 12, name="resize_up_whole")(x)


def nearest_fractional(api, x):
    return api.layers.Resizing(8, 7, interpolation="nearest", name="resize_nearest")(x)


def crop_same_ratio(api, x):
    # crop_to_aspect_ratio with the target's ratio already: nothing is cropped.
    y = api.layers.Resizing(3, 4, crop_to_aspect_ratio=True, name="resize_crop_same_ratio")(x)
    return api.layers.Conv2D(2, 2, name="conv_after")(y)


CASES = [
    case("resizing_down", [((6, 8, 3), -1, 1)], None, layers=down_bilinear,
         description="Resizing 6x8 -> 4x5, bilinear"),
    case("resizing_up_whole", [((4, 4, 2), -1, 1)], None, layers=up_whole_bilinear,
         description="Resizing 4x4 -> 8x12 (factors 2 and 3), bilinear"),
    case("resizing_nearest", [((5, 5, 3), -1, 1)], None, layers=nearest_fractional,
         description="Resizing 5x5 -> 8x7, nearest"),
    case("resizing_crop_same_ratio", [((6, 8, 3), -1, 1)], None, layers=crop_same_ratio,
         description="Resizing with crop_to_aspect_ratio to the same ratio, then a convolution"),
]
