def scaled_dot_attention(inputs):
    q, k, v = inputs
    scores = tf.matmul(q, k, transpose_b=True) / tf.sqrt(tf.cast(tf.shape(k)[-1], tf.float32))
    weights = tf.nn.softmax(scores, axis=-1)
    return tf.matmul(weights, v)