def reflection_pad(x, padding=(1, 1)):
    w_pad, h_pad = padding
    return tf.pad(x, [[0, 0], [h_pad, h_pad], [w_pad, w_pad], [0, 0]], 'REFLECT')