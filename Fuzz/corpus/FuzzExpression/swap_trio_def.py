def swap_trio(t):
    a, b, c = t[2], t[1], t[0]
    return K.concatenate([a, b, c], axis=-1)