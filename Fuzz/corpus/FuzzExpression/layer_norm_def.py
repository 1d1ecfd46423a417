def layer_norm(x):
    mean = K.mean(x, axis=-1, keepdims=True)
    std = K.std(x, axis=-1, keepdims=True)
    return (x - mean) / (std + 1e-6)