def spatial_attention(x):
    avg = K.mean(x, axis=-1, keepdims=True)
    mx = K.max(x, axis=-1, keepdims=True)
    return K.concatenate([avg, mx], axis=-1)