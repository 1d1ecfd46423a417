def sharpen(p, T=0.5):
    p = p ** (1.0 / T)
    return p / K.sum(p, axis=1, keepdims=True)