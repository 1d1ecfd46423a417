def resize_like(inputs):
    x, ref = inputs
    size = K.int_shape(ref)[1:3]
    return tf.image.resize(x, size, method='bilinear')