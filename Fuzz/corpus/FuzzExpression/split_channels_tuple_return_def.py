def split_channels(x):
    half = K.int_shape(x)[-1] // 2
    return x[..., :half], x[..., half:]