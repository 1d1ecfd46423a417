def caffe_preprocess(x):
    x = x[..., ::-1]
    mean = K.constant([103.939, 116.779, 123.68])
    return x - mean