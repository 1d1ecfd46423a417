def split_heads(x):
    b, t = tf.shape(x)[0], tf.shape(x)[1]
    x = tf.reshape(x, (b, t, 8, 64))
    return tf.transpose(x, (0, 2, 1, 3))