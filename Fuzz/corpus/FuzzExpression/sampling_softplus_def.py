def sampling(args):
    mean, sigma = args
    return mean + K.softplus(sigma) * K.random_normal(K.shape(mean))