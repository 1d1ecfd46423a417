"""Indexing, selection and scans: gather/take, argmax/argmin, one_hot, top_k, cumsum/cumprod,
reduce_logsumexp, log_softmax, tf.slice and K.clip with a None bound (GitHub issue 15).

Each case is an idiom seen in real Lambdas, in tf_keras (K., tf.) and, where Keras 3 can write it,
keras.ops. Positions (argmax, top_k indices) are cast to float, as a converted model gives them.
The refused idioms (K.gather along the batch axis, K.flatten, tf.boolean_mask, single-argument
tf.where) convert to nothing, so they are tested by the Swift suites, not here.
"""
from make_family_fixtures import case

CASES = [
    case("gather_axis1", [((6,), -1, 1)], "lambda t: tf.gather(t, [1, 3], axis=1)",
         keras3_source="lambda t: ops.take(t, [1, 3], axis=1)"),
    case("gather_repeat_last_axis", [((3, 4), -1, 1)], "lambda t: tf.compat.v1.gather(t, [3, 0, 0], axis=-1)",
         keras3_source="lambda t: ops.take(t, [-1, 0, 0], axis=-1)", head=True),
    case("gather_scalar", [((3, 4), -1, 1)], "lambda t: tf.gather(t, 2, axis=2)",
         keras3_source="lambda t: ops.take(t, -2, axis=2)"),
    case("argmax_cast", [((6,), -1, 1)], "lambda t: K.cast(K.argmax(t, axis=-1), 'float32')",
         keras3_source="lambda t: ops.cast(ops.argmax(t, axis=-1), 'float32')"),
    case("argmin_cast", [((4, 5), -1, 1)], "lambda t: tf.cast(tf.math.argmin(t, axis=1), tf.float32)",
         keras3_source="lambda t: ops.cast(ops.argmin(t, axis=1), 'float32')"),
    case("one_hot", [((3,), 0, 5, "int")], "lambda t: K.one_hot(K.cast(t[:, 0], 'int32'), 5)",
         keras3_source="lambda t: ops.one_hot(ops.cast(t[:, 0], 'int32'), 5)"),
    case("one_hot_values", [((4,), -1, 6, "int")],
         "lambda t: tf.one_hot(tf.cast(t, tf.int32), 5, on_value=0.9, off_value=0.025)",
         flavours=("tf_keras",)),
    case("top_k_values", [((6,), -1, 1)], "lambda t: tf.nn.top_k(t, k=2)[0]",
         keras3_source="lambda t: ops.top_k(t, k=2)[0]"),
    case("top_k_indices", [((2, 6), -1, 1)], "lambda t: K.cast(tf.math.top_k(t, 3).indices, 'float32')",
         keras3_source="lambda t: ops.cast(ops.top_k(t, 3)[1], 'float32')"),
    case("cumsum", [((6,), -1, 1)], "lambda t: K.cumsum(t, axis=1)",
         keras3_source="lambda t: ops.cumsum(t, axis=1)"),
    case("cumsum_exclusive_reverse", [((3, 5), -1, 1)],
         "lambda t: tf.math.cumsum(t, axis=-1, exclusive=True, reverse=True)", flavours=("tf_keras",)),
    case("cumprod", [((5,), 0.5, 1.5)], "lambda t: K.cumprod(t, axis=1)",
         keras3_source="lambda t: ops.cumprod(t, axis=1)"),
    case("cumprod_exclusive_reverse", [((2, 4), 0.5, 1.5)],
         "lambda t: tf.math.cumprod(t, axis=2, exclusive=True, reverse=True)", flavours=("tf_keras",)),
    case("reduce_logsumexp", [((6,), -60, 60)], "lambda t: tf.reduce_logsumexp(t, axis=-1, keepdims=True)",
         keras3_source="lambda t: ops.logsumexp(t, axis=-1, keepdims=True)"),
    case("log_softmax", [((6,), -80, 80)], "lambda t: tf.nn.log_softmax(t)",
         keras3_source="lambda t: ops.log_softmax(t)"),
    case("slice", [((6,), -1, 1)], "lambda t: tf.slice(t, [0, 2], [-1, 3])",
         keras3_source="lambda t: ops.slice(t, [0, 2], [-1, 3])"),
    case("clip_no_max", [((6,), -1, 1)], "lambda t: K.sqrt(K.clip(t, K.epsilon(), None))",
         flavours=("tf_keras",)),
]
