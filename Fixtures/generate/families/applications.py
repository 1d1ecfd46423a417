"""Keras applications' preprocess_input stored by name: Lambda(mobilenet_v2.preprocess_input) and
friends, in each mode: tf (x / 127.5 - 1), caffe (RGB -> BGR, ImageNet means subtracted), torch
(x / 255, ImageNet means and deviations), and identity (GitHub issue 15, session 8 part B).
"""
from make_family_fixtures import case

IMAGE = [((4, 5, 3), 0, 255)]

CASES = [
    case("mobilenet_v2_preprocess", IMAGE, "tf_keras.applications.mobilenet_v2.preprocess_input", flavours=("tf_keras",)),
    case("inception_v3_preprocess", IMAGE, "tf_keras.applications.inception_v3.preprocess_input", flavours=("tf_keras",)),
    case("xception_preprocess", IMAGE, "tf_keras.applications.xception.preprocess_input",
         flavours=("tf_keras",)),
    case("mobilenet_preprocess", IMAGE, "tf_keras.applications.mobilenet.preprocess_input",
         flavours=("tf_keras",)),
    case("resnet50_preprocess", IMAGE, "tf_keras.applications.resnet50.preprocess_input", flavours=("tf_keras",)),
    case("vgg16_preprocess", IMAGE, "tf_keras.applications.vgg16.preprocess_input",
         flavours=("tf_keras",)),
    case("vgg19_preprocess", IMAGE, "tf_keras.applications.vgg19.preprocess_input",
         flavours=("tf_keras",)),
    case("densenet_preprocess", IMAGE, "tf_keras.applications.densenet.preprocess_input", flavours=("tf_keras",)),
    case("efficientnet_preprocess", IMAGE, "tf_keras.applications.efficientnet.preprocess_input", head=True, flavours=("tf_keras",)),
]
