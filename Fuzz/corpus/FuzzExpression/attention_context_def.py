def attention_context(inputs):
    hidden, scores = inputs
    alpha = K.softmax(K.squeeze(scores, -1))
    return K.sum(hidden * K.expand_dims(alpha, -1), axis=1)