def combine(inputs):
    (a, b), c = inputs
    return a * b + c