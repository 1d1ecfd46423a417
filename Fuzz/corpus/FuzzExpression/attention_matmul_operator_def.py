def attention(inputs):
    q, k, v = inputs
    w = K.softmax(q @ K.permute_dimensions(k, (0, 2, 1)) / 8.0)
    return w @ v