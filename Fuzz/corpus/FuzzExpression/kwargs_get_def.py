def wrap(x, **kwargs):
    scale = kwargs.get('scale', 1.0)
    return x * scale