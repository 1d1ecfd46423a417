"""Where Keras and ONNX differ, one case each (issue 19): what the ONNX backend must translate
rather than map one to one. Layer cases build ordinary layers (no Lambda); the others are Lambdas."""
from make_family_fixtures import case


def batchnorm_epsilon(api, x):
    # ONNX's default epsilon is 1e-5, Keras's 1e-3; a large one shows which the converter used.
    return api.layers.BatchNormalization(epsilon=0.25, name="batchnorm_wide_epsilon")(x)


def gru_reset_before(api, x):
    # reset_after=False: the reset gate multiplies the state before the recurrent product
    # (ONNX's linear_before_reset=0), with gates z, r, h.
    return api.layers.GRU(4, reset_after=False, return_sequences=True, name="gru_reset_before")(x)


def lstm_gates(api, x):
    # Keras's gates i, f, c, o; ONNX's i, o, f, c. go_backwards returns the computed order.
    sequence = api.layers.LSTM(3, return_sequences=True, go_backwards=True, name="lstm_backwards")(x)
    return api.layers.LSTM(4, recurrent_activation="hard_sigmoid", name="lstm_hard_sigmoid")(sequence)


def hard_sigmoid(api, x):
    # Keras 2: clip(0.2 x + 0.5); Keras 3: clip(x / 6 + 0.5).
    return api.layers.Activation("hard_sigmoid", name="hard_sigmoid")(x)


def same_padding_odd(api, x):
    # SAME padding with an odd total: TensorFlow puts the extra row and column at the end.
    y = api.layers.Conv2D(4, 4, strides=2, padding="same", name="conv_same_even_kernel")(x)
    y = api.layers.Conv2D(4, 3, dilation_rate=2, padding="same", name="conv_same_dilated")(y)
    y = api.layers.MaxPooling2D(3, strides=2, padding="same", name="max_same")(y)
    y = api.layers.AveragePooling2D(2, strides=1, padding="same", name="average_same")(y)
    # Flatten after convolutions: channels-last order, as Keras flattens.
    y = api.layers.Flatten(name="flatten_nhwc")(y)
    return api.layers.Dense(3, name="head")(y)


CASES = [
    case("batchnorm_epsilon", [((4, 4, 3), -1, 1)], None, layers=batchnorm_epsilon,
         description="BatchNormalization with epsilon 0.25 (ONNX's default is 1e-5)"),
    case("gru_reset_before", [((5, 3), -1, 1)], None, layers=gru_reset_before,
         description="GRU with reset_after=False"),
    case("lstm_gates", [((5, 3), -1, 1)], None, layers=lstm_gates,
         description="LSTM gate order; go_backwards sequence; hard_sigmoid recurrent activation"),
    case("hard_sigmoid", [((6,), -4, 4)], None, layers=hard_sigmoid,
         description="Activation hard_sigmoid: slope 0.2 in Keras 2, 1/6 in Keras 3"),
    case("same_padding_odd", [((7, 7, 3), -1, 1)], None, layers=same_padding_odd,
         description="SAME padding with odd totals (even kernel, dilation, pooling), then Flatten after convolutions"),
]
