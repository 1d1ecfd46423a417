def instance_norm(x):
    mean, var = tf.nn.moments(x, axes=[1, 2], keepdims=True)
    return (x - mean) * tf.math.rsqrt(var + 1e-5)