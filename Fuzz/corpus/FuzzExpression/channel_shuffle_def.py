def channel_shuffle(x, groups=2):
    height, width, channels = K.int_shape(x)[1:]
    channels_per_group = channels // groups
    x = K.reshape(x, [-1, height, width, groups, channels_per_group])
    x = K.permute_dimensions(x, (0, 1, 2, 4, 3))
    return K.reshape(x, [-1, height, width, channels])