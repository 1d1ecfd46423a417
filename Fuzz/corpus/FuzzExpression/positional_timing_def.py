def add_timing_signal(x):
    length = tf.shape(x)[1]
    position = tf.cast(tf.range(length), tf.float32)[:, None]
    return x + tf.sin(position / 10000.0)