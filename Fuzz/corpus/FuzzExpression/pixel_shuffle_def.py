def pixel_shuffle(x):
    return tf.nn.depth_to_space(x, 2)