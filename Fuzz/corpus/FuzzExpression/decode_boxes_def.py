def decode_boxes(x):
    cx, cy, w, h = x[..., 0], x[..., 1], x[..., 2], x[..., 3]
    return K.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1)