def normalize(x, *, eps=1e-6):
    return x / (K.sum(x, axis=-1, keepdims=True) + eps)