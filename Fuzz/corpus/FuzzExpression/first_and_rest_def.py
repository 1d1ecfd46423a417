def first_and_rest(inputs):
    first, *rest = inputs
    return first + K.sum(K.stack(rest), axis=0)