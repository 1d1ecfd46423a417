def yolo_boxes(feats):
    box_xy = K.sigmoid(feats[..., :2])
    box_wh = K.exp(feats[..., 2:4])
    box_confidence = K.sigmoid(feats[..., 4:5])
    box_class_probs = K.softmax(feats[..., 5:])
    return K.concatenate([box_xy, box_wh, box_confidence, box_class_probs], axis=-1)