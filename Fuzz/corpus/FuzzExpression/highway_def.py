def highway(inputs):
    h, t, x = inputs
    return h * t + x * (1.0 - t)