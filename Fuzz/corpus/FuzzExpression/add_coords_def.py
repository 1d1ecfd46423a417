def add_coords(x):
    h = tf.shape(x)[1]
    w = tf.shape(x)[2]
    yy = tf.tile(tf.reshape(tf.linspace(-1.0, 1.0, h), (1, -1, 1, 1)), (tf.shape(x)[0], 1, w, 1))
    return tf.concat([x, yy], axis=-1)