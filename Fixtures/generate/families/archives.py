"""Keras 3 `.keras` archives (issue 18): layouts the weight index must map, each model also saved
as `.h5` for comparison. Nested models (their layers under `layers/functional/layers/...`), several
layers of one class (`dense`, `dense_1`, ... in model.layers order, named otherwise), normalization
statistics (non-trainable variables after the trainable ones) and a Lambda inside a nested model."""
from make_family_fixtures import case


def nested_stack(layers, x, lam):
    import make_fixtures as mf
    inner_in = layers.Input(tuple(x.shape[1:]), name="inner_in")
    h = layers.Dense(5, name="inner_dense_a")(inner_in)
    h = layers.BatchNormalization(name="inner_bn")(h)
    h = lam(h)
    h = layers.Dense(4, activation="tanh", name="inner_dense_b")(h)
    inner = mf.keras.Model(inner_in, h, name="inner_model")
    y = layers.Dense(6, name="outer_dense")(x)
    y = inner(y)
    deeper_in = layers.Input((4,), name="deeper_in")
    deeper = mf.keras.Model(deeper_in, layers.Dense(3, name="deeper_dense")(deeper_in), name="deeper_model")
    return layers.Dense(2, name="final")(deeper(y))


def class_counters(layers, x, lam):
    # Three Dense and two BatchNormalization layers whose names do not follow their group names.
    a = layers.Dense(5, name="zeta")(x)
    a = layers.BatchNormalization(name="norm_late")(a)
    b = layers.Dense(5, name="alpha")(x)
    s = layers.Add(name="join")([a, lam(b)])
    s = layers.BatchNormalization(name="norm_early")(s)
    return layers.Dense(3, name="middle")(s)


CASES = [
    case("archive_nested", [((6,), -1, 1)], "lambda x: x * 0.5 - 0.25", flavours=("keras3",), body=nested_stack,
         description="a Lambda inside a nested model inside a model, and a model nested after it"),
    case("archive_counters", [((4,), -1, 1)], "lambda x: K.relu(x) + 0.1",
         keras3_source="lambda x: ops.relu(x) + 0.1", flavours=("keras3",), body=class_counters,
         description="layers of one class saved as dense, dense_1, dense_2 in model.layers order"),
]
