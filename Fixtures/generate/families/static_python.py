"""Python whose control flow is decided when the model is built (GitHub issue 15, "Python the
decompiler must follow" and "Shapes as values"): shapes read as values (K.shape, tf.shape, K.int_shape,
.shape, get_shape().as_list()) with arithmetic on them, if/elif/else statements decided by arguments,
defaults and the model's configuration, augmented assignment, unpacking, chained comparisons, len,
int, for loops over static ranges (continue included), list comprehensions, nested helper
functions and lambdas chosen by an argument. The Lambdas are our own, written for these constructs.
Refused forms (a condition on tensor values) are tested by the Swift
suites, not here.
"""
from make_family_fixtures import case

PICK = (
    "def pick(x, mode='sum'):\n"
    "    if mode == 'sum':\n"
    "        y = K.sum(x, axis=-1, keepdims=True)\n"
    "    elif mode == 'max':\n"
    "        y = K.max(x, axis=-1, keepdims=True)\n"
    "    else:\n"
    "        raise ValueError('unknown mode ' + mode)\n"
    "    return y"
)
CHANNEL_MEAN = (
    "def channel_mean(x):\n"
    "    if K.image_data_format() == 'channels_last':\n"
    "        axis = -1\n"
    "    else:\n"
    "        axis = 1\n"
    "    return K.mean(x, axis=axis, keepdims=True)"
)
TOP_ROWS = (
    "def top_rows(x, height=None):\n"
    "    if height is None:\n"
    "        height = K.int_shape(x)[1] // 2\n"
    "    return x[:, :height]"
)
FLATTEN_SPATIAL = (
    "def flatten_spatial(x):\n"
    "    h, w, c = x.shape.as_list()[1:]\n"
    "    return tf.reshape(x, [-1, h * w, c])"
)
AUGMENTED = (
    "def augmented(x, steps=2):\n"
    "    y = x\n"
    "    y += 1.0\n"
    "    y *= 0.5\n"
    "    if 0 < steps <= 3:\n"
    "        y -= 0.25\n"
    "    return y"
)
RESIZE_TO = (
    "def resize_to(x, factor=2, mode='nearest'):\n"
    "    if mode == 'bilinear':\n"
    "        method = 'bilinear'\n"
    "    else:\n"
    "        method = 'nearest'\n"
    "    size = (K.int_shape(x)[1] * factor, K.int_shape(x)[2] * factor)\n"
    "    return tf.image.resize(x, size, method=method)"
)
SHIFT = (
    "def shift(x, offset=None):\n"
    "    if offset is None:\n"
    "        offset = 1.0\n"
    "    x = x + offset\n"
    "    return x"
)

UNROLLED = (
    "def running_sum(x):\n"
    "    total = x[:, 0:1]\n"
    "    for i in range(1, 4):\n"
    "        total = total + x[:, i:i + 1] * float(i)\n"
    "    return total"
)
WEIGHTED = (
    "def weighted(x, skip=1):\n"
    "    out = 0.0\n"
    "    for i in (0, 1, 2):\n"
    "        if i == skip:\n"
    "            continue\n"
    "        out += x[:, i:i + 1] * (i + 1)\n"
    "    return out"
)
HELPER = (
    "def scaled_sum(x, scale=2.0):\n"
    "    def times(t):\n"
    "        return t * scale\n"
    "    return times(x) + times(1.0)"
)
ACTIVATION = (
    "def act(x, kind='relu'):\n"
    "    f = (lambda v: K.relu(v)) if kind == 'relu' else (lambda v: K.sigmoid(v))\n"
    "    return f(x)"
)

# A def, not a lambda: the project's own expression parser (which reads lambda sources back) has
# no comprehensions.
COLUMNS = (
    "def columns(x):\n"
    "    return K.concatenate([x[:, i:i + 1] * float(i + 1) for i in range(3)], axis=-1)"
)

TF_KERAS = ("tf_keras",)

# What the decompiler gives where it is not the source: each path's locals inlined.
DECOMPILED_AUGMENTED_ASSIGNMENT = "def augmented(x, steps):\n    return (x + 1.0) * 0.5 - 0.25 if 0 < steps <= 3 else (x + 1.0) * 0.5"
DECOMPILED_IF_DEFAULT_IS_NONE = "def top_rows(x, height):\n    return x[:, :K.int_shape(x)[1] // 2] if height is None else x[:, :height]"
DECOMPILED_IF_IMAGE_DATA_FORMAT = "def channel_mean(x):\n    axis = -1 if K.image_data_format() == 'channels_last' else 1\n    return K.mean(x, axis=axis, keepdims=True)"
DECOMPILED_IF_MODE_ARGUMENT = "def pick(x, mode):\n    return K.sum(x, axis=-1, keepdims=True) if mode == 'sum' else K.max(x, axis=-1, keepdims=True) if mode == 'max' else __raise__(ValueError('unknown mode ' + mode))"
DECOMPILED_LAMBDA_CHOSEN_BY_ARGUMENT = "def act(x, kind):\n    return K.relu(x) if kind == 'relu' else K.sigmoid(x)"
DECOMPILED_LIST_COMPREHENSION = "def columns(x):\n    return K.concatenate([x[:, 0:0 + 1] * float(0 + 1), x[:, 1:1 + 1] * float(1 + 1), x[:, 2:2 + 1] * float(2 + 1)], axis=-1)"
DECOMPILED_LOOP_CONTINUE = "def weighted(x, skip):\n    return ((0.0 if 2 == skip else 0.0 + x[:, 2:2 + 1] * (2 + 1)) if 1 == skip else 0.0 + x[:, 1:1 + 1] * (1 + 1) if 2 == skip else 0.0 + x[:, 1:1 + 1] * (1 + 1) + x[:, 2:2 + 1] * (2 + 1)) if 0 == skip else (0.0 + x[:, 0:0 + 1] * (0 + 1) if 2 == skip else 0.0 + x[:, 0:0 + 1] * (0 + 1) + x[:, 2:2 + 1] * (2 + 1)) if 1 == skip else 0.0 + x[:, 0:0 + 1] * (0 + 1) + x[:, 1:1 + 1] * (1 + 1) if 2 == skip else 0.0 + x[:, 0:0 + 1] * (0 + 1) + x[:, 1:1 + 1] * (1 + 1) + x[:, 2:2 + 1] * (2 + 1)"
DECOMPILED_LOOP_OVER_RANGE = "def running_sum(x):\n    return x[:, 0:1] + x[:, 1:1 + 1] * float(1) + x[:, 2:2 + 1] * float(2) + x[:, 3:3 + 1] * float(3)"
DECOMPILED_NESTED_HELPER = "def scaled_sum(x, scale):\n    return x * scale + 1.0 * scale"
DECOMPILED_REASSIGNED_PARAMETER = "def shift(x, offset):\n    return x + (1.0 if offset is None else offset)"
DECOMPILED_ASSIGNMENTS_AFTER_IF = "def resize_to(x, factor, mode):\n    method = 'bilinear' if mode == 'bilinear' else 'nearest'\n    size = (K.int_shape(x)[1] * factor, K.int_shape(x)[2] * factor)\n    return tf.image.resize(x, size, method=method)"

CASES = [
    case("reshape_batch_from_shape", [((4, 3), -1, 1)], "lambda t: tf.reshape(t, [tf.shape(t)[0], -1, 2])",
         flavours=("tf_keras",)),
    case("reshape_from_static_dims", [((3, 4), -1, 1)], "lambda x: K.reshape(x, (-1, x.shape[1] * x.shape[2]))",
         keras3_source="lambda x: ops.reshape(x, (-1, x.shape[1] * x.shape[2]))", head=True),
    case("reshape_int_shape_arithmetic", [((4, 3), -1, 1)],
         "lambda x: K.reshape(x, (-1, K.int_shape(x)[1] // 2, 2 * K.int_shape(x)[2]))", flavours=TF_KERAS),
    case("scale_by_last_dim", [((5,), -1, 1)], "lambda x: x / float(x.get_shape().as_list()[-1])",
         keras3_source="lambda x: x / float(x.shape[-1])"),
    case("resize_from_dynamic_shape", [((3, 4, 2), -1, 1)],
         "lambda x: tf.image.resize(x, (tf.shape(x)[1] * 2, tf.shape(x)[2] * 2), method='nearest')", flavours=TF_KERAS),
    case("reshape_int_dims", [((2, 6), -1, 1)], "lambda x: K.reshape(x, (-1, int(x.shape[1]) * 2, int(x.shape[2]) // 2))",
         keras3_source="lambda x: ops.reshape(x, (-1, int(x.shape[1]) * 2, int(x.shape[2]) // 2))"),
    case("if_mode_argument", [((6,), -1, 1)], PICK, arguments={"mode": "max"}, flavours=TF_KERAS,
         decompiled=DECOMPILED_IF_MODE_ARGUMENT),
    case("if_image_data_format", [((3, 4), -1, 1)], CHANNEL_MEAN, flavours=TF_KERAS,
         decompiled=DECOMPILED_IF_IMAGE_DATA_FORMAT),
    case("if_default_is_none", [((6, 2), -1, 1)], TOP_ROWS, flavours=TF_KERAS,
         decompiled=DECOMPILED_IF_DEFAULT_IS_NONE),
    case("unpack_as_list", [((2, 3, 4), -1, 1)], FLATTEN_SPATIAL, flavours=TF_KERAS),
    case("augmented_assignment", [((4,), -1, 1)], AUGMENTED, flavours=TF_KERAS,
         decompiled=DECOMPILED_AUGMENTED_ASSIGNMENT),
    case("assignments_after_if", [((3, 4, 2), -1, 1)], RESIZE_TO, arguments={"factor": 2}, flavours=TF_KERAS,
         decompiled=DECOMPILED_ASSIGNMENTS_AFTER_IF),
    case("loop_over_range", [((5,), -1, 1)], UNROLLED, flavours=TF_KERAS,
         decompiled=DECOMPILED_LOOP_OVER_RANGE),
    case("loop_continue", [((3,), -1, 1)], WEIGHTED, arguments={"skip": 2}, flavours=TF_KERAS,
         decompiled=DECOMPILED_LOOP_CONTINUE),
    case("list_comprehension", [((4,), -1, 1)], COLUMNS, flavours=TF_KERAS,
         decompiled=DECOMPILED_LIST_COMPREHENSION),
    case("nested_helper", [((4,), -1, 1)], HELPER, arguments={"scale": 3.0}, flavours=TF_KERAS,
         decompiled=DECOMPILED_NESTED_HELPER),
    case("lambda_chosen_by_argument", [((4,), -1, 1)], ACTIVATION, arguments={"kind": "sigmoid"}, flavours=TF_KERAS,
         decompiled=DECOMPILED_LAMBDA_CHOSEN_BY_ARGUMENT),
    case("reassigned_parameter", [((4,), -1, 1)], SHIFT, arguments={"offset": 0.5}, flavours=TF_KERAS,
         decompiled=DECOMPILED_REASSIGNED_PARAMETER),
]
