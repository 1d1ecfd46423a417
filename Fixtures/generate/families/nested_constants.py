"""Nested-list constants (GitHub issue 15, "Constants"): `np.array([[[2.0, 4.0, 8.0]]])`,
`K.constant([[...]])`, `tf.constant([[...]])`, a nested Python list, a NumPy array passed in
`arguments`, and one number filling a shape. Each becomes `const(value, shape)` and broadcasts as
NumPy does: per channel, per row, per position, or as a matmul operand.
"""
import numpy as np

from make_family_fixtures import case

IMAGE = [((4, 5, 3), 0, 255)]
MATRIX = [((2, 3), -2, 2)]
ROWS = [((4, 3), -2, 2)]
VECTOR = [((3,), -2, 2)]
TF_KERAS = ("tf_keras",)

CASES = [
    # Keras 3 reloads a Lambda with globals that hold no `np`: NumPy cases are tf_keras's.
    case("numpy_per_channel", IMAGE, "lambda x: x * np.array([[[2.0, 4.0, 8.0]]])", flavours=TF_KERAS),
    case("numpy_per_row", [((2, 4, 3), -2, 2)],
         "lambda x: x * np.array([[[1.0, 2.0, 3.0]], [[0.5, 1.0, 1.5]]])", flavours=TF_KERAS),
    case("numpy_float_dtype", MATRIX, "lambda x: x - np.array([[1, 2, 3]], dtype='float32')", flavours=TF_KERAS),
    case("k_constant_matrix", MATRIX, "lambda x: x + K.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])",
         flavours=TF_KERAS),
    case("tf_constant_column", MATRIX, "lambda x: x * tf.constant([[0.5], [2.0]])", flavours=TF_KERAS),
    case("tf_constant_filled", ROWS, "lambda x: x + tf.constant(0.25, shape=(4, 1))", flavours=TF_KERAS),
    case("matmul_constant", VECTOR,
         "lambda x: tf.matmul(x, tf.constant([[1.0, 0.0], [0.5, 2.0], [-1.0, 1.0]]))", flavours=TF_KERAS),
    case("python_nested_list", MATRIX, "lambda x: x - [[0.5], [1.5]]"),
    case("argument_array", IMAGE, "lambda x, mean: (x - mean) / 64.0",
         arguments={"mean": np.array([[[123.7, 116.8, 103.9]]], dtype=np.float32)}, flavours=TF_KERAS),
]
