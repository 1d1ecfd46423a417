def sample_z(args):
    mu, log_sigma = args
    eps = tf.random.normal(shape=tf.shape(mu))
    return mu + tf.exp(log_sigma * 0.5) * eps