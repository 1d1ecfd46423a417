"""Per-channel constants (GitHub issue 15, "Constants"): `(x - mean) / std` with list, NumPy and
`K.constant` vectors along the last axis. `convert` folds them into a scale-and-shift; `rewrite`
writes one `Rescaling` whose `scale` and `offset` are lists (read by tf_keras and Keras 3 alike).
"""
from make_family_fixtures import case

IMAGE = [((4, 5, 3), 0, 255)]
SIGNED = [((3, 4, 3), -2, 2)]
SEQUENCE = [((6, 4), -1, 1)]
CAFFE = "lambda x: (x - [123.68, 116.78, 103.94]) / [58.4, 57.1, 57.4]"

CASES = [
    case("caffe_lists", IMAGE, CAFFE),
    # Keras 3 reloads a Lambda with globals that hold no `np`: NumPy cases are tf_keras's.
    case("numpy_scale_shift", SIGNED, "lambda x: x * np.array([0.5, 2.0, -3.0]) + np.array([1.0, 2.0, 3.0])",
         flavours=("tf_keras",)),
    case("k_constant_sequence", SEQUENCE, "lambda x: (x - K.constant([0.1, 0.2, 0.3, 0.4])) * 4.0",
         flavours=("tf_keras",)),
    case("reversed_operand", SIGNED, "lambda x: [1.0, 2.0, 3.0] - x"),
]
