"""Contractions and splitting: K.batch_dot, N-D K.dot, matmul with transposes and adjoints,
einsum (attention, dot products, outer products, a constant matrix), tf.split / unstack
indexed at once, K.repeat_elements and tf.repeat (each element repeated in place, not a tile)."""
from make_family_fixtures import case

TF_ONLY = ("tf_keras",)
W = "[[1.0, 0.5], [0.0, 2.0], [-1.0, 1.0]]"
W3 = "[[[1.0, -1.0], [0.5, 0.0], [2.0, 1.0]], [[0.5, 0.5], [-2.0, 1.0], [0.0, 1.5]]]"

CASES = [
    # K.batch_dot: every axes form; two 2-D operands give (batch, 1).
    case("batch_dot_2d", [((5,), -1, 1), ((5,), -1, 1)], "lambda a: K.batch_dot(a[0], a[1], axes=1)",
         flavours=TF_ONLY, head=True),
    case("batch_dot_default", [((4, 3), -1, 1), ((3, 5), -1, 1)], "lambda a: K.batch_dot(a[0], a[1])",
         flavours=TF_ONLY),
    case("batch_dot_pair", [((4, 3), -1, 1), ((5, 3), -1, 1)], "lambda a: K.batch_dot(a[0], a[1], axes=(2, 2))",
         flavours=TF_ONLY),
    case("batch_dot_list", [((4, 3), -1, 1), ((4, 5), -1, 1)], "lambda a: K.batch_dot(a[0], a[1], axes=[1, 1])",
         flavours=TF_ONLY),
    case("batch_dot_3d_2d", [((4, 3), -1, 1), ((3,), -1, 1)], "lambda a: K.batch_dot(a[0], a[1], axes=(2, 1))",
         flavours=TF_ONLY),
    # K.dot: the last axis of x with the second-to-last of y (a constant here).
    case("dot_nd", [((4, 3), -1, 1)], "lambda x: K.dot(x, K.constant(%s))" % W3, flavours=TF_ONLY),
    # matmul with transposes and adjoints.
    case("matmul_adjoint", [((4, 3), -1, 1), ((5, 3), -1, 1)], "lambda a: tf.linalg.matmul(a[0], a[1], adjoint_b=True)",
         keras3_source="lambda a: ops.matmul(a[0], ops.transpose(a[1], (0, 2, 1)))"),
    case("matmul_transpose_a", [((3, 4), -1, 1), ((3, 5), -1, 1)], "lambda a: tf.matmul(a[0], a[1], transpose_a=True)",
         flavours=TF_ONLY),
    # einsum.
    case("einsum_dot", [((5,), -1, 1), ((5,), -1, 1)], "lambda a: tf.einsum('bi,bi->b', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('bi,bi->b', a[0], a[1])"),
    case("einsum_scores", [((3, 4), -1, 1), ((5, 4), -1, 1)], "lambda a: tf.einsum('bqd,bkd->bqk', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('bqd,bkd->bqk', a[0], a[1])"),
    case("einsum_heads", [((2, 3, 4), -1, 1), ((2, 5, 4), -1, 1)],
         "lambda a: tf.einsum('bhqd,bhkd->bhqk', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('bhqd,bhkd->bhqk', a[0], a[1])"),
    case("einsum_values", [((3, 5), 0, 1), ((5, 4), -1, 1)], "lambda a: tf.einsum('bqk,bkd->bqd', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('bqk,bkd->bqd', a[0], a[1])"),
    case("einsum_constant", [((3,), -1, 1)], "lambda x: tf.einsum('ij,jk->ik', x, K.constant(%s))" % W,
         flavours=TF_ONLY),
    case("einsum_ellipsis", [((3, 4), -1, 1), ((3, 4), -1, 1)], "lambda a: tf.einsum('...i,...i->...', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('...i,...i->...', a[0], a[1])"),
    case("einsum_outer", [((3,), -1, 1), ((4,), -1, 1)], "lambda a: tf.einsum('bi,bj->bij', a[0], a[1])",
         keras3_source="lambda a: ops.einsum('bi,bj->bij', a[0], a[1])"),
    # Splitting, indexed at once.
    case("split_half", [((6,), -1, 1)], "lambda t: tf.split(t, 2, axis=1)[0]",
         keras3_source="lambda t: ops.split(t, 2, axis=1)[0]"),
    case("split_sizes", [((3, 4), -1, 1)], "lambda t: tf.split(t, [1, -1, 2], axis=-1)[1]",
         keras3_source="lambda t: ops.split(t, [1, 2], axis=-1)[1]"),
    case("unstack_index", [((3, 4), -1, 1)], "lambda t: tf.unstack(t, axis=1)[2]",
         keras3_source="lambda t: ops.unstack(t, axis=1)[2]"),
    # Repetition in place.
    case("repeat_elements", [((3,), -1, 1)], "lambda t: K.repeat_elements(t, 2, axis=1)",
         keras3_source="lambda t: ops.repeat(t, 2, axis=1)"),
    case("tf_repeat", [((3, 4), -1, 1)], "lambda t: tf.repeat(t, 3, axis=-1)", flavours=TF_ONLY),
]
