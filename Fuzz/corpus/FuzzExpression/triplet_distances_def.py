def triplet_distances(inputs):
    anchor, positive, negative = inputs
    pos = K.sum(K.square(anchor - positive), axis=-1, keepdims=True)
    neg = K.sum(K.square(anchor - negative), axis=-1, keepdims=True)
    return K.concatenate([pos, neg], axis=-1)