def denormalize(x):
    x = x * STD
    return x + MEAN