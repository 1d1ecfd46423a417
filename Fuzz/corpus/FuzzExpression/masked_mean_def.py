def masked_mean(inputs):
    x, mask = inputs
    mask = K.cast(mask, 'float32')[..., None]
    return K.sum(x * mask, axis=1) / (K.sum(mask, axis=1) + K.epsilon())