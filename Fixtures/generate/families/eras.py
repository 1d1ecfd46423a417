"""Names from every era: tf.compat.v1 spellings, TF 1's keep_dims=/reduction_indices=/dim=,
tf.to_float, K.tf, Keras 3's ops.normalize (GitHub issue 15, session 8 part B).

TF 0.x names that TensorFlow 2 no longer has (tf.log, tf.mul, tf.sub, tf.div, tf.batch_matmul,
tf.concat(axis, values)) cannot be saved here; their rule tests cover them.
"""
from make_family_fixtures import case

SEQ = [((3, 4), -1, 1)]

CASES = [
    case("v1_transpose", SEQ, "lambda x: tf.compat.v1.transpose(x, [0, 2, 1])", flavours=("tf_keras",)),
    case("v1_reduce_sum_keep_dims", SEQ, "lambda x: tf.compat.v1.reduce_sum(x, 1, keep_dims=True)",
         flavours=("tf_keras",)),
    case("v1_reduce_mean_reduction_indices", SEQ,
         "lambda x: tf.compat.v1.reduce_mean(x, reduction_indices=[2])", flavours=("tf_keras",)),
    case("v1_softmax_dim", SEQ, "lambda x: tf.compat.v1.nn.softmax(x, dim=1)", flavours=("tf_keras",)),
    case("v1_l2_normalize_dim", SEQ, "lambda x: tf.compat.v1.nn.l2_normalize(x, dim=-1)",
         flavours=("tf_keras",)),
    case("v1_to_float_log", [((5,), 0.5, 2)], "lambda x: tf.compat.v1.math.log(tf.compat.v1.to_float(x))",
         flavours=("tf_keras",)),
    case("v1_reduce_max_keepdims", SEQ, "lambda x: tf.compat.v1.reduce_max(x, axis=-1, keepdims=True)",
         flavours=("tf_keras",)),
    case("ops_normalize", SEQ, "lambda x: K.l2_normalize(x, axis=-1)",
         keras3_source="lambda x: ops.normalize(x, axis=-1)", flavours=("keras3",)),
    case("ops_normalize_l1", SEQ, "lambda x: x", keras3_source="lambda x: ops.normalize(x, axis=1, order=1)",
         flavours=("keras3",)),
]
