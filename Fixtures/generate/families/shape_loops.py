"""Loops whose length the model's shapes decide (GitHub issue 15, "Python the decompiler must
follow"): `range(K.int_shape(x)[-1])`, `range(x.shape[1])`, a loop over a multi-input layer's
list (`for t in inputs`, `range(len(inputs))`), a comprehension over a static shape, and
`list.append` in a loop. The decompiler unrolls each possible count; the static shapes pick one.
"""
from make_family_fixtures import case

TF_KERAS = ("tf_keras",)

CHANNEL_LOOP = (
    "def channel_weights(x):\n"
    "    out = 0.0\n"
    "    for i in range(K.int_shape(x)[-1]):\n"
    "        out = out + x[..., i:i + 1] * float(i + 1)\n"
    "    return out"
)
APPEND_LOOP = (
    "def scaled_columns(x):\n"
    "    columns = []\n"
    "    for i in range(x.shape[1]):\n"
    "        columns.append(x[:, i:i + 1] * (i + 1.0))\n"
    "    return K.concatenate(columns, axis=-1)"
)
COMPREHENSION = (
    "def rows(x):\n"
    "    return K.concatenate([x[:, i] for i in range(K.int_shape(x)[1])], axis=-1)"
)
INPUT_LIST = (
    "def total(inputs):\n"
    "    out = inputs[0]\n"
    "    for t in inputs[1:]:\n"
    "        out = out + t\n"
    "    return out"
)
INPUT_RANGE = (
    "def weighted_sum(inputs):\n"
    "    out = 0.0\n"
    "    for i in range(len(inputs)):\n"
    "        out = out + inputs[i] * (i + 1.0)\n"
    "    return out"
)

# The decompiler's reading: one path per length up to 16, chosen by a test on the length, then the
# refusal of a longer loop (each path's locals inlined).
LONGEST = 16


def every_length(header, construct, iterable, length, body):
    message = ("%s over %s of more than %d iterations (Delambda unrolls at most %d when the length depends on"
               " the model)" % (construct, iterable, LONGEST, LONGEST))
    text = "__raise__(NotImplementedError(%r))" % message
    for count in reversed(range(LONGEST + 1)):
        text = "%s if %s == %d else %s" % (body(count), length, count, text)
    return header + "\n    return " + text


def listing(items):
    return "[" + ", ".join(items) + "]"


CASES = [
    case("channel_loop", [((4, 5, 3), -2, 2)], CHANNEL_LOOP, flavours=TF_KERAS,
         decompiled=every_length(
             "def channel_weights(x):", "for loop", "range(K.int_shape(x)[-1])", "K.int_shape(x)[-1]",
             lambda n: "0.0" + "".join(" + x[..., %d:%d + 1] * float(%d + 1)" % (i, i, i) for i in range(n)))),
    case("append_loop", [((4,), -2, 2)], APPEND_LOOP, flavours=TF_KERAS,
         decompiled=every_length(
             "def scaled_columns(x):", "for loop", "range(x.shape[1])", "x.shape[1]",
             lambda n: "K.concatenate(%s, axis=-1)" % listing(
                 "x[:, %d:%d + 1] * (%d + 1.0)" % (i, i, i) for i in range(n)))),
    case("comprehension_over_shape", [((3, 2), -2, 2)], COMPREHENSION, flavours=TF_KERAS,
         decompiled=every_length(
             "def rows(x):", "list comprehension", "range(K.int_shape(x)[1])", "K.int_shape(x)[1]",
             lambda n: "K.concatenate(%s, axis=-1)" % listing("x[:, %d]" % i for i in range(n)))),
    case("input_list_loop", [((4,), -2, 2), ((4,), -2, 2), ((4,), -2, 2)], INPUT_LIST, flavours=TF_KERAS,
         decompiled=every_length(
             "def total(inputs):", "for loop", "inputs[1:]", "len(inputs[1:])",
             lambda n: "inputs[0]" + "".join(" + inputs[1:][%d]" % i for i in range(n)))),
    case("input_range_loop", [((4,), -2, 2), ((4,), -2, 2)], INPUT_RANGE, flavours=TF_KERAS,
         decompiled=every_length(
             "def weighted_sum(inputs):", "for loop", "range(len(inputs))", "len(inputs)",
             lambda n: "0.0" + "".join(" + inputs[%d] * (%d + 1.0)" % (i, i) for i in range(n)))),
]
