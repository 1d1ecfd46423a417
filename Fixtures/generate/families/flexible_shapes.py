"""Models over inputs of unknown size (issue 16 item 1): a GRU over (None, 12), a Conv1D/LSTM
sequence model over (None, 40) and a fully convolutional net over (None, None, 3), each with a
Lambda. `sizes` lists the concrete input shapes the goldens are recorded at (two or more per
model); the tests run the one converted Core ML model at every one of them."""
from make_family_fixtures import case


def gru_stack(layers, x, lam):
    x = lam(x)
    x = layers.GRU(8, reset_after=False, name="gru")(x)
    return layers.Dense(3, name="head")(x)


def sequence_stack(layers, x, lam):
    x = layers.Conv1D(8, 3, padding="same", activation="relu", name="conv")(x)
    x = lam(x)
    x = layers.LSTM(6, return_sequences=True, name="lstm")(x)
    x = layers.Conv1D(5, 2, name="conv_valid")(x)
    x = layers.GlobalAveragePooling1D(name="gap")(x)
    return layers.Dense(3, name="head")(x)


def image_stack(layers, x, lam):
    x = lam(x)
    x = layers.Conv2D(6, 3, padding="same", activation="relu", name="conv_a")(x)
    x = layers.MaxPooling2D(2, name="pool")(x)
    x = layers.Conv2D(4, 3, strides=2, name="conv_b")(x)
    x = layers.UpSampling2D(2, name="up")(x)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    return layers.Dense(3, name="head")(x)


CASES = [
    case("gru_any_length", [((None, 12), -1, 1)], "lambda x: x * 0.5 + 0.25", body=gru_stack,
         sizes=[[(9, 12)], [(23, 12)]]),
    case("sequence_any_length", [((None, 40), -1, 1)], "lambda x: x[:, ::2]", body=sequence_stack,
         sizes=[[(10, 40)], [(31, 40)]]),
    case("image_any_size", [((None, None, 3), 0, 255)], "lambda x: x / 127.5 - 1", body=image_stack,
         sizes=[[(20, 28, 3)], [(33, 17, 3)]]),
]


def resize_stack(layers, x, lam):
    x = layers.Conv2D(4, 3, padding="same", name="conv_a")(x)
    x = lam(x)
    x = layers.Conv2D(3, 3, strides=2, activation="relu", name="conv_b")(x)
    return layers.GlobalMaxPooling2D(name="gmp")(x)


CASES.append(
    case("resize_any_size", [((None, None, 3), -1, 1)], "lambda x: tf.image.resize(x, tf.shape(x)[1:3] * 2)",
         body=resize_stack, sizes=[[(12, 10, 3)], [(7, 15, 3)]]))
