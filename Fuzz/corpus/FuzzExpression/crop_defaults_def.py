def crop(x, start=0, end=10):
    return x[:, start:end]