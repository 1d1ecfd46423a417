"""Regenerate every file under Fixtures/ (models, golden outputs, manifest, bad inputs).

Run by hand from the repository root (never by CI):

    python3 -m venv /work/venv-tf && /work/venv-tf/bin/pip install tensorflow tf-keras h5py
    /work/venv-tf/bin/python Fixtures/generate/make_fixtures.py

Made with TensorFlow 2.21, tf_keras 2.21 (Keras 2 API), Keras 3.15, h5py 3.14 on CPython 3.11.
The bytecode variants also need the plain CPython interpreters 2.7, 3.6 ... 3.13 from pyenv
(`pyenv root`/versions/X.Y.Z/bin/python); set PYENV_ROOT if pyenv is not on PATH. They are run
through marshal_helper.py (same folder) to marshal the *same source text* with each interpreter.

Every Lambda function is written as source text and evaluated at module level (`src()` below) with
the fixed file name CODE_FILENAME, so the manifest's `source` is exactly the text that was compiled,
the other interpreters compile the very same text, and reruns give the same bytecode. Apart from
line numbers and the file name this is the bytecode of a lambda written inline in a training script.

Everything is seeded (numpy, Python, TensorFlow); reruns give the same weights, inputs and outputs.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")  # CPU only
os.environ.setdefault("PYTHONHASHSEED", "0")

import codecs  # noqa: E402
import glob  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
import zlib  # noqa: E402

warnings.filterwarnings("ignore")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.get_logger().setLevel("ERROR")
tf.config.set_visible_devices([], "GPU")

import keras  # noqa: E402  (Keras 3)
import tf_keras  # noqa: E402  (Keras 2 API)
from keras import ops  # noqa: E402,F401  (used by Keras 3 lambda sources)
from tf_keras import backend as K  # noqa: E402,F401  (used by tf_keras lambda sources)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
MODELS = os.path.join(FIXTURES, "models")
GOLDEN = os.path.join(FIXTURES, "golden")
BAD = os.path.join(FIXTURES, "bad")

SEED = 20240601
BATCH = 2
CODE_FILENAME = "make_fixtures.py"
PYTHON = "%d.%d" % sys.version_info[:2]

# A module-level global read by one lambda. Keras does not save it: the file only says `SCALE`.
SCALE = 0.5

# Interpreters for the bytecode variants: (tag, version dir under $(pyenv root)/versions).
INTERPRETERS = [
    ("py27", "2.7.18"), ("py36", "3.6.15"), ("py37", "3.7.16"), ("py38", "3.8.18"),
    ("py39", "3.9.18"), ("py310", "3.10.13"), ("py311", "3.11.7"), ("py312", "3.12.1"),
    ("py313", "3.13.0"),
]

# --------------------------------------------------------------------------------------------
# Lambda sources: one registry from function object to the exact text that produced it.
# --------------------------------------------------------------------------------------------

_SOURCES = {}  # id(function) -> {"source": text, "reads_undefined_global": name or None}
_KEEP = []     # keep the functions alive so ids stay unique


def src(text, reads_global=None):
    """Evaluate one lambda expression or one def statement as module-level code of this script."""
    if text.startswith("def "):
        name = text[4:text.index("(")]
        exec(compile(text + "\n", CODE_FILENAME, "exec"), globals())
        fn = globals()[name]
    else:
        fn = eval(compile(text, CODE_FILENAME, "eval"), globals())
    _SOURCES[id(fn)] = {"source": text, "reads_undefined_global": reads_global}
    _KEEP.append(fn)
    return fn


def function_for(text):
    """The function object made from this exact source (the newest one if made twice)."""
    return [fn for fn in _KEEP if _SOURCES[id(fn)]["source"] == text][-1]


PRE_127 = "lambda x: x / 127.5 - 1.0"
PRE_255 = "lambda x: x / 255.0 - 0.5"
L2NORM = "lambda x: K.l2_normalize(x, axis=-1)"
SLICE_1_3 = "lambda x: x[:, 1:3]"
BGR_FLIP = "lambda x: x[..., ::-1]"
EXPAND = "lambda x: K.expand_dims(x, axis=1)"
SQUEEZE = "lambda x: K.squeeze(x, axis=1)"
MEAN_AXIS1 = "lambda x: K.mean(x, axis=1)"
SUM_KEEP = "lambda x: tf.reduce_sum(x, axis=-1, keepdims=True)"
L1_DIST = "lambda t: K.abs(t[0] - t[1])"
EUCLIDEAN = (
    "def euclidean_distance(vectors):\n"
    "    featsA, featsB = vectors\n"
    "    sumSquared = K.sum(K.square(featsA - featsB), axis=1, keepdims=True)\n"
    "    return K.sqrt(K.maximum(sumSquared, K.epsilon()))"
)
SWISH = "lambda x: x * K.sigmoid(x)"
HARD_SWISH = "lambda x: x * tf.nn.relu6(x + 3.0) / 6.0"
CLIP01 = "lambda x: K.clip(x, 0.0, 1.0)"
SOFTMAX = "lambda x: K.softmax(x, axis=-1)"
PERMUTE = "lambda x: K.permute_dimensions(x, (0, 2, 1))"
TRANSPOSE = "lambda x: tf.transpose(x, perm=[0, 2, 1])"
RESHAPE = "lambda x: K.reshape(x, (-1, 4, 2))"
SIN_COS = "lambda x: tf.math.sin(x) + tf.math.cos(x)"
POW2 = "lambda x: K.pow(x, 2.0)"
LOG1 = "lambda x: K.log(x + 1.0)"
CONCAT = "lambda t: K.concatenate([t[0], t[1]], axis=-1)"
SPACE_TO_DEPTH = "lambda x: tf.nn.space_to_depth(x, 2)"
DEPTH_TO_SPACE = "lambda x: tf.nn.depth_to_space(x, 2)"
REFLECT_PAD = "lambda x: tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode='REFLECT')"
SCALED_RESIDUAL = "lambda inputs, scale: inputs[0] + inputs[1] * scale"
SQUARE = "lambda x: tf.square(x)"
STANDARDIZE = "lambda x: (x - tf.reduce_mean(x)) / tf.math.sqrt(tf.math.reduce_variance(x) + 1e-7)"
GLOBAL_SCALE = "lambda x: x * SCALE"
SAMPLING = (
    "def sampling(args):\n"
    "    z_mean, z_log_var = args\n"
    "    epsilon = K.random_normal(shape=(K.shape(z_mean)[0], 2))\n"
    "    return z_mean + K.exp(0.5 * z_log_var) * epsilon"
)
SLICE_SHAPE = "lambda s: (s[0], 2)"
# Keras 3 sources (keras.ops as `ops`, or tf).
K3_L1 = "lambda tensors: tf.abs(tensors[0] - tensors[1])"
K3_SWISH = "lambda x: x * ops.sigmoid(x)"
K3_EUCLIDEAN = (
    "def euclidean_distance(vectors):\n"
    "    featsA, featsB = vectors\n"
    "    sumSquared = ops.sum(ops.square(featsA - featsB), axis=1, keepdims=True)\n"
    "    return ops.sqrt(ops.maximum(sumSquared, keras.backend.epsilon()))"
)

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def stem_seed(stem, salt=0):
    return [SEED, zlib.crc32(stem.encode("ascii")), salt]


def reset(stem):
    """Fresh Keras state and seeds for one model, independent of build order."""
    tf_keras.backend.clear_session()
    keras.backend.clear_session()
    seed = SEED + zlib.crc32(stem.encode("ascii")) % 10000
    tf_keras.utils.set_random_seed(seed)
    keras.utils.set_random_seed(seed)


def randomize_weights(model, stem):
    """Seeded non-trivial weights: non-zero biases, BatchNorm statistics away from 0 / 1."""
    rng = np.random.default_rng(stem_seed(stem, 7))
    for w in model.weights:
        name = getattr(w, "path", None) or w.name
        shape = tuple(w.shape)
        if "moving_variance" in name:
            value = rng.uniform(0.5, 2.0, shape)
        elif "gamma" in name:
            value = rng.uniform(0.5, 1.5, shape)
        elif "moving_mean" in name or "beta" in name or "bias" in name:
            value = rng.uniform(-0.5, 0.5, shape)
        else:
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            if "depthwise" in name:
                fan_in = int(np.prod(shape[:2]))
            limit = np.sqrt(3.0 / max(fan_in, 1))
            value = rng.uniform(-limit, limit, shape)
        w.assign(value.astype(np.float32))


def make_inputs(stem, specs):
    """specs: list of (shape without batch, low, high), or (shape, low, high, "int") for integer
    values in [low, high) such as the ids an Embedding reads (still stored as float32)."""
    rng = np.random.default_rng(stem_seed(stem, 1))
    inputs = []
    for spec in specs:
        shape, lo, hi = spec[:3]
        if spec[3:] == ("int",):
            inputs.append(rng.integers(lo, hi, (BATCH,) + tuple(shape)).astype(np.float32))
        else:
            inputs.append(rng.uniform(lo, hi, (BATCH,) + tuple(shape)).astype(np.float32))
    return inputs


def run_model(model, inputs):
    x = inputs if len(inputs) > 1 else inputs[0]
    out = model(x, training=False)
    if not isinstance(out, (list, tuple)):
        out = [out]
    return [np.asarray(o, dtype=np.float32) for o in out]


def run_golden(model, inputs, per_sample=False):
    """Golden outputs; per sample (a batch of one each, stacked) for models whose Lambdas reduce
    over the batch axis, so that they hold for a converter that runs one sample at a time."""
    if not per_sample:
        return run_model(model, inputs)
    samples = [run_model(model, [x[i:i + 1] for x in inputs]) for i in range(inputs[0].shape[0])]
    return [np.concatenate([s[k] for s in samples], axis=0) for k in range(len(samples[0]))]


def write_golden(stem, inputs, outputs, random_outputs=()):
    path = os.path.join(GOLDEN, stem + ".h5")
    with h5py.File(path, "w") as f:
        f.attrs["model"] = "models/%s.h5" % stem
        f.attrs["batch_size"] = BATCH
        f.attrs["random_outputs"] = np.array(list(random_outputs), dtype=np.int64)
        for i, a in enumerate(inputs):
            f.create_dataset("input_%d" % i, data=a.astype(np.float32))
        for i, a in enumerate(outputs):
            f.create_dataset("output_%d" % i, data=a.astype(np.float32))
    return "golden/%s.h5" % stem


def read_root_attr(path, name):
    with h5py.File(path, "r") as f:
        value = f.attrs[name]
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def write_string_attr(attrs, name, text):
    """Replace a string attribute keeping the HDF5 string type Keras gave it."""
    tid = attrs.get_id(name).get_type()
    if tid.is_variable_str():
        if tid.get_cset() == h5py.h5t.CSET_UTF8:
            attrs.create(name, text, dtype=h5py.string_dtype("utf-8"))
        else:
            attrs.create(name, text.encode("ascii"), dtype=h5py.string_dtype("ascii"))
    else:
        attrs.create(name, np.bytes_(text.encode("utf-8")))
    new = attrs.get_id(name).get_type()
    assert new.is_variable_str() == tid.is_variable_str() and new.get_cset() == tid.get_cset()


def walk_config_layers(config, parent=None):
    """Yield (parent model name, layer config) for every layer, nested models included."""
    for layer in config["config"]["layers"]:
        yield parent, layer
        if isinstance(layer.get("config"), dict) and "layers" in layer["config"]:
            yield from walk_config_layers(layer, layer["config"]["name"])


def walk_model_layers(model, parent=None):
    for layer in model.layers:
        yield parent, layer
        if hasattr(layer, "layers") and layer.layers:
            yield from walk_model_layers(layer, layer.name)


def lambda_entries(model, tfop_sources=None, library_sources=None):
    """Manifest `lambdas` list for a built model, from the source registry."""
    tfop_sources = tfop_sources or {}
    library_sources = library_sources or {}
    entries = []
    for parent, layer in walk_model_layers(model):
        cls = type(layer).__name__
        if cls == "Lambda":
            fn = layer.function
            info = _SOURCES.get(id(fn))
            if info is not None:
                source, reads_global = info["source"], info["reads_undefined_global"]
                payload = "named" if (flavour_of(layer) == "keras3" and source.startswith("def ")) else "marshal"
            else:  # a library function such as tf.nn.relu: marshaled, but its source is not ours
                source, reads_global, payload = library_sources[layer.name], None, "marshal"
            entry = {
                "layer": layer.name,
                "class_name": cls,
                "source": source,
                "payload": payload,
                "arguments": dict(layer.arguments) if layer.arguments else None,
                "reads_undefined_global": reads_global,
            }
            if info is None:
                entry["marshaled_function"] = "%s.%s" % (fn.__module__, fn.__name__)
            shape_fn = getattr(layer, "_output_shape", None)
            if callable(shape_fn):
                entry["output_shape_source"] = _SOURCES[id(shape_fn)]["source"]
            elif shape_fn is not None:
                entry["output_shape"] = list(shape_fn)
        elif cls in ("TFOpLambda", "SlicingOpLambda"):
            entry = {
                "layer": layer.name,
                "class_name": cls,
                "source": tfop_sources[layer.name],
                "payload": "tfop",
                "function": layer.symbol,
                "arguments": None,
                "reads_undefined_global": None,
            }
        else:
            continue
        if parent is not None:
            entry["parent"] = parent
        entries.append(entry)
    return entries


def flavour_of(layer):
    return "keras3" if type(layer).__module__.startswith("keras.") else "tf_keras"


# --------------------------------------------------------------------------------------------
# tf_keras models
# --------------------------------------------------------------------------------------------

TL = tf_keras.layers


def build_plain_sequential(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((8, 8, 3), name="image"),
        TL.Conv2D(4, 3, padding="same", name="conv1"),
        TL.BatchNormalization(name="bn1"),
        TL.Activation("relu", name="relu1"),
        TL.MaxPooling2D(2, name="maxpool"),
        TL.DepthwiseConv2D(3, padding="same", name="depthwise"),
        TL.AveragePooling2D(2, name="avgpool"),
        TL.Flatten(name="flatten"),
        TL.Dense(6, name="fc1"),
        TL.Dropout(0.5, name="dropout"),
        TL.Activation("tanh", name="tanh"),
        TL.Dense(3, name="fc2"),
        TL.Activation("softmax", name="softmax"),
    ], name=stem)
    randomize_weights(model, stem)
    # One SGD step: BatchNorm moving statistics move, and the file gets a training_config.
    rng = np.random.default_rng(stem_seed(stem, 2))
    x_train = rng.uniform(-1, 1, (4, 8, 8, 3)).astype(np.float32)
    y_train = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 4)]
    model.compile(optimizer=tf_keras.optimizers.SGD(0.01), loss="categorical_crossentropy")
    model.train_on_batch(x_train, y_train)
    return model, [((8, 8, 3), -1, 1)], {}, (
        "Sequential of ordinary layers only (no Lambda): Conv2D, BatchNormalization (random moving "
        "statistics, then one SGD training step), relu, MaxPooling2D, DepthwiseConv2D, "
        "AveragePooling2D, Flatten, Dense, Dropout, tanh, Dense, softmax. Compiled, so the file "
        "has training_config and optimizer_weights.")


def build_plain_functional(stem):
    image = tf_keras.Input((8, 8, 2), name="image")
    vector = tf_keras.Input((4,), name="vector")
    mlp = tf_keras.Sequential([
        tf_keras.Input((4,), name="mlp_in"),
        TL.Dense(3, activation="relu", name="mlp_dense1"),
        TL.Dense(3, name="mlp_dense2"),
    ], name="mlp")
    x = TL.Conv2D(3, 3, padding="valid", activation="relu", name="conv")(image)
    x = TL.BatchNormalization(name="bn")(x)
    g = TL.GlobalAveragePooling2D(name="gap")(x)
    v = mlp(vector)
    added = TL.Add(name="add")([g, v])
    multiplied = TL.Multiply(name="multiply")([g, v])
    cat = TL.Concatenate(name="concat")([added, multiplied])
    r = TL.Reshape((3, 2), name="reshape")(cat)
    r = TL.Flatten(name="flatten")(r)
    prob = TL.Dense(2, name="head")(r)
    prob = TL.Activation("sigmoid", name="sigmoid")(prob)
    feat = TL.Activation("tanh", name="tanh")(cat)
    model = tf_keras.Model([image, vector], [prob, feat], name=stem)
    randomize_weights(model, stem)
    return model, [((8, 8, 2), -1, 1), ((4,), -1, 1)], {}, (
        "Functional model of ordinary layers (no Lambda), two inputs and two outputs: Conv2D with "
        "relu, BatchNormalization, GlobalAveragePooling2D, a nested Sequential 'mlp' used as a layer, "
        "Add, Multiply, Concatenate, Reshape, Flatten, Dense, sigmoid, tanh.")


def build_lambda_image(stem):
    model = tf_keras.Sequential([
        TL.Lambda(src(BGR_FLIP), input_shape=(8, 8, 3), name="bgr_flip"),
        TL.Lambda(src(PRE_255), name="scale_255"),
        TL.Conv2D(4, 3, padding="same", name="conv1"),
        TL.Lambda(src(REFLECT_PAD), name="reflect_pad"),
        TL.Conv2D(4, 3, padding="valid", name="conv2"),
        TL.Lambda(src(SPACE_TO_DEPTH), name="space_to_depth"),
        TL.Lambda(src(DEPTH_TO_SPACE), name="depth_to_space"),
        TL.Lambda(src(HARD_SWISH), name="hard_swish"),
        TL.GlobalAveragePooling2D(name="gap"),
        TL.Dense(4, name="fc"),
        TL.Lambda(src(SOFTMAX), name="softmax"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((8, 8, 3), 0, 255)], {}, (
        "Sequential image model (8x8x3 pixels 0..255; the first Lambda has input_shape): BGR flip "
        "x[..., ::-1], x / 255.0 - 0.5, Conv2D, reflection padding tf.pad(mode='REFLECT'), Conv2D "
        "valid, space_to_depth(2), depth_to_space(2), hard-swish, GlobalAveragePooling2D, Dense, "
        "K.softmax.")


def build_lambda_shapes(stem):
    inp = tf_keras.Input((6,), name="x")
    d = TL.Dense(8, name="dense")(inp)
    s = TL.Lambda(src(SLICE_1_3), name="slice_1_3")(d)
    e = TL.Lambda(src(EXPAND), name="expand_dims")(d)
    q = TL.Lambda(src(SQUEEZE), name="squeeze")(e)
    r = TL.Lambda(src(RESHAPE), output_shape=(4, 2), name="reshape_4x2")(q)
    p = TL.Lambda(src(PERMUTE), name="permute")(r)
    t = TL.Lambda(src(TRANSPOSE), name="transpose")(p)
    m = TL.Lambda(src(MEAN_AXIS1), name="mean_axis1")(t)
    k = TL.Lambda(src(SUM_KEEP), name="sum_keepdims")(d)
    c = TL.Lambda(src(CONCAT), name="concat")([m, k])
    model = tf_keras.Model(inp, [s, p, c], name=stem)
    randomize_weights(model, stem)
    return model, [((6,), -2, 2)], {}, (
        "Functional model of shape-changing Lambdas after a Dense(8): slice x[:, 1:3], "
        "K.expand_dims then K.squeeze, K.reshape to (-1, 4, 2) with output_shape given as a tuple, "
        "K.permute_dimensions, tf.transpose back, K.mean(axis=1), tf.reduce_sum(keepdims=True), "
        "two-input K.concatenate. Outputs: the slice (2,), the permuted (2, 4), the concat (3,).")


def build_lambda_math(stem):
    inp = tf_keras.Input((6,), name="x")
    d = TL.Dense(6, name="dense")(inp)
    outs = [
        TL.Lambda(src(POW2), name="pow2")(inp),
        TL.Lambda(src(LOG1), name="log1p")(inp),
        TL.Lambda(src(CLIP01), name="clip01")(inp),
        TL.Lambda(src(SIN_COS), name="sin_cos")(inp),
        TL.Lambda(src(SWISH), name="swish")(d),
        TL.Lambda(src(L2NORM), name="l2norm")(d),
    ]
    model = tf_keras.Model(inp, outs, name=stem)
    randomize_weights(model, stem)
    return model, [((6,), 0.1, 2.0)], {}, (
        "Functional model of elementwise Lambdas, one output each (inputs positive, 0.1..2.0): "
        "K.pow(x, 2.0), K.log(x + 1.0), K.clip(x, 0.0, 1.0), tf.math.sin + tf.math.cos on the input; "
        "swish x * K.sigmoid(x) and K.l2_normalize(axis=-1) after a Dense(6).")


def build_siamese_l1(stem):
    a = tf_keras.Input((5,), name="input_a")
    b = tf_keras.Input((5,), name="input_b")
    base = tf_keras.Sequential([
        tf_keras.Input((5,), name="base_in"),
        TL.Dense(4, activation="relu", name="base_dense1"),
        TL.Dense(4, name="base_dense2"),
    ], name="base")
    dist = TL.Lambda(src(L1_DIST), name="l1_distance")([base(a), base(b)])
    out = TL.Dense(1, activation="sigmoid", name="head")(dist)
    model = tf_keras.Model([a, b], out, name=stem)
    randomize_weights(model, stem)
    return model, [((5,), 0, 1), ((5,), 0, 1)], {}, (
        "Siamese network: one nested Sequential 'base' shared by two inputs (two inbound nodes), "
        "L1 distance Lambda K.abs(t[0] - t[1]) on the pair, Dense sigmoid.")


def build_siamese_euclidean(stem):
    a = tf_keras.Input((5,), name="input_a")
    b = tf_keras.Input((5,), name="input_b")
    base = tf_keras.Sequential([
        tf_keras.Input((5,), name="base_in"),
        TL.Dense(4, activation="relu", name="base_dense"),
        TL.Lambda(src(L2NORM), name="base_l2norm"),
    ], name="base")
    dist = TL.Lambda(src(EUCLIDEAN), name="euclidean_distance")([base(a), base(b)])
    out = TL.Dense(1, activation="sigmoid", name="head")(dist)
    model = tf_keras.Model([a, b], out, name=stem)
    randomize_weights(model, stem)
    return model, [((5,), 0, 1), ((5,), 0, 1)], {}, (
        "Siamese network (pyimagesearch style): nested shared Sequential 'base' ending in a Lambda "
        "K.l2_normalize, then the named def euclidean_distance (stored as bytecode by tf_keras), "
        "Dense sigmoid.")


def build_inception_resnet_block(stem):
    inp = tf_keras.Input((8, 8, 4), name="x")
    b0 = TL.Conv2D(4, 1, activation="relu", name="branch_0")(inp)
    b1 = TL.Conv2D(4, 3, padding="same", activation="relu", name="branch_1")(inp)
    mixed = TL.Concatenate(axis=-1, name="mixed")([b0, b1])
    up = TL.Conv2D(4, 1, name="up")(mixed)
    x = TL.Lambda(src(SCALED_RESIDUAL), arguments={"scale": 0.17}, name="scaled_residual")([inp, up])
    x = TL.Activation("relu", name="block_relu")(x)
    model = tf_keras.Model(inp, x, name=stem)
    randomize_weights(model, stem)
    return model, [((8, 8, 4), -1, 1)], {}, (
        "InceptionResNet block (block35 style, 8x8x4): two conv branches, Concatenate, 1x1 Conv2D, "
        "residual Lambda inputs[0] + inputs[1] * scale with arguments={'scale': 0.17}, relu.")


def build_vae_sampling(stem):
    inp = tf_keras.Input((6,), name="x")
    h = TL.Dense(4, activation="relu", name="hidden")(inp)
    z_mean = TL.Dense(2, name="z_mean")(h)
    z_log_var = TL.Dense(2, name="z_log_var")(h)
    z = TL.Lambda(src(SAMPLING), name="sampling")([z_mean, z_log_var])
    model = tf_keras.Model(inp, [z_mean, z_log_var, z], name=stem)
    randomize_weights(model, stem)
    return model, [((6,), 0, 1)], {"random": True, "random_outputs": [2]}, (
        "VAE encoder (Keras example style): Dense relu, z_mean and z_log_var Dense(2), named def "
        "sampling using K.random_normal. Outputs [z_mean, z_log_var, z]; output_2 (z) is random, "
        "outputs 0 and 1 are deterministic.")


TFOP_STATEMENTS = [
    ("tf.math.square", "y = tf.math.square(h)"),
    ("tf.__operators__.add", "y = y + 1.0"),
    ("tf.__operators__.getitem", "y = y[:, 0:2]"),
    ("tf.nn.relu", "z = tf.nn.relu(h)"),
    ("tf.math.multiply", "z = z * 2.0"),
    ("tf.math.reduce_mean", "m = tf.reduce_mean(h, axis=-1, keepdims=True)"),
    ("tf.concat", "out = tf.concat([y, z, m], axis=-1)"),
]


def build_tfop_lambda(stem):
    inp = tf_keras.Input((6,), name="x")
    ns = {"tf": tf, "h": TL.Dense(4, name="dense")(inp)}
    for _, statement in TFOP_STATEMENTS:
        exec(statement, ns)
    model = tf_keras.Model(inp, ns["out"], name=stem)
    randomize_weights(model, stem)
    names = [layer.name for layer in model.layers if type(layer).__name__.endswith("OpLambda")]
    assert sorted(names) == sorted(n for n, _ in TFOP_STATEMENTS), names
    return model, [((6,), -1, 1)], {"tfop_sources": dict(TFOP_STATEMENTS)}, (
        "TF ops applied directly to Keras tensors (no Lambda layer written by hand): tf.math.square, "
        "+ 1.0 (__operators__.add, constant in the node kwargs), slicing [:, 0:2] "
        "(SlicingOpLambda), tf.nn.relu, * 2.0 (math.multiply), tf.reduce_mean(axis=-1, "
        "keepdims=True), tf.concat of three tensors. Sources are the statements as written.")


def build_seed_examples(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((4,), name="x"),
        TL.Lambda(src(SQUARE), name="square"),
        TL.Lambda(src(STANDARDIZE), name="standardize"),
        TL.Dense(2, name="dense"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((4,), -1, 1)], {"per_sample": True}, (
        "The two seed examples in a Sequential: tf.square, then standardization over the whole "
        "tensor (tf.reduce_mean / tf.math.reduce_variance without axis, so over the batch too: "
        "golden outputs are recorded one sample at a time, as a batch of one each), Dense(2).")


def build_global_scale(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((4,), name="x"),
        TL.Dense(4, name="dense"),
        TL.Lambda(src(GLOBAL_SCALE, reads_global="SCALE"), name="scale_global"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((4,), -1, 1)], {"defines": {"SCALE": SCALE}}, (
        "A Lambda reading the module-level global SCALE (= 0.5 when the golden outputs were made), "
        "which the file does not store: convert needs --define SCALE=0.5.")


def build_tf_nn_relu(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((4,), name="x"),
        TL.Dense(4, name="dense"),
        TL.Lambda(tf.nn.relu, name="relu_fn"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((4,), -1, 1)], {"library_sources": {"relu_fn": "tf.nn.relu"}}, (
        "Lambda(tf.nn.relu): tf_keras marshals TensorFlow's own generated function (co_name 'relu', "
        "module tensorflow.python.ops.gen_nn_ops, defaults [null] for name=None, a long body with "
        "a docstring and an absolute co_filename). Match on (module, name).")


def build_multi_lambda(stem):
    in_a = tf_keras.Input((6,), name="in_a")
    in_b = tf_keras.Input((6,), name="in_b")
    pa = TL.Lambda(src(PRE_127), name="preprocess_127")(in_a)
    pb = TL.Lambda(src(PRE_255), name="preprocess_255")(in_b)
    ea = TL.Dense(4, name="embed_a")(pa)
    eb = TL.Dense(4, name="embed_b")(pb)
    sa = TL.Lambda(src(SWISH), name="swish")(ea)
    hb = TL.Lambda(src(HARD_SWISH), name="hard_swish")(eb)
    na = TL.Lambda(src(L2NORM), name="l2norm_a")(sa)
    nb = TL.Lambda(src(L2NORM), name="l2norm_b")(hb)
    l1 = TL.Lambda(src(L1_DIST), name="l1_distance")([na, nb])
    eu = TL.Lambda(src(EUCLIDEAN), name="euclidean_distance")([na, nb])
    res = TL.Lambda(src(SCALED_RESIDUAL), arguments={"scale": 0.17}, name="scaled_residual")([ea, eb])
    sl = TL.Lambda(src(SLICE_1_3), output_shape=src(SLICE_SHAPE), name="slice_1_3")(res)
    fl = TL.Lambda(src(BGR_FLIP), name="flip")(sl)
    cat = TL.Lambda(src(CONCAT), name="concat")([l1, eu])
    out = TL.Dense(1, activation="sigmoid", name="head")(cat)
    model = tf_keras.Model([in_a, in_b], [out, fl], name=stem)
    randomize_weights(model, stem)
    return model, [((6,), 0, 255), ((6,), 0, 255)], {}, (
        "Many Lambda kinds in one functional model (two inputs 0..255, two outputs): x / 127.5 - 1.0, "
        "x / 255.0 - 0.5, swish, hard-swish, K.l2_normalize (twice), L1 distance, def "
        "euclidean_distance, InceptionResNet residual with arguments={'scale': 0.17}, slice x[:, 1:3] "
        "with output_shape given as a lambda, x[..., ::-1], K.concatenate. The bytecode_* copies "
        "are this file with other interpreters' bytecode.")


def build_nested_branches(stem):
    # A nested functional model whose Lambda sits on the longer of two branches: replacing it by a
    # chain of layers changes the nested model's layer order, and with it the order Keras loads
    # the nested model's weights in.
    inner_in = tf_keras.Input((4,), name="inner_in")
    a = TL.Dense(4, name="dense_a")(inner_in)
    p = TL.Dense(4, name="dense_p")(inner_in)
    h = TL.Lambda(src(HARD_SWISH), name="hard_swish")(p)
    b = TL.Dense(4, name="dense_b")(h)
    c = TL.Dense(4, name="dense_c")(a)
    d = TL.Dense(4, name="dense_d")(c)
    inner = tf_keras.Model(inner_in, TL.Add(name="add")([d, b]), name="inner")
    x = tf_keras.Input((4,), name="x")
    model = tf_keras.Model(x, TL.Dense(2, name="head")(inner(x)), name=stem)
    randomize_weights(model, stem)
    return model, [((4,), -3, 3)], {}, (
        "A functional model nested in another, two branches of Dense layers, hard-swish on the "
        "longer one: rewriting it changes the nested model's layer (and weight) order.")


def build_plain_layers(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((8, 8, 3), name="image"),
        TL.ZeroPadding2D(1, name="zero_pad"),
        TL.Conv2D(4, 3, strides=2, activation="relu", name="conv_s2"),
        TL.UpSampling2D(2, name="upsample"),
        TL.Cropping2D(((1, 1), (2, 0)), name="crop"),
        TL.Rescaling(0.5, offset=0.1, name="rescale"),
        TL.GlobalMaxPooling2D(name="gmp"),
        TL.Dense(3, activation="softmax", name="probs"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((8, 8, 3), -1, 1)], {}, (
        "Sequential of ordinary layers only (no Lambda): ZeroPadding2D, strided Conv2D with relu, "
        "UpSampling2D, asymmetric Cropping2D, Rescaling with offset, GlobalMaxPooling2D, Dense with softmax.")


def build_conv1d_layers(stem):
    sequence = tf_keras.Input((20, 3), name="sequence")
    x = TL.Conv1D(4, 3, padding="valid", name="conv_valid")(sequence)
    x = TL.Conv1D(6, 4, strides=2, padding="same", name="conv_same_s2")(x)
    x = TL.Conv1D(6, 2, padding="causal", dilation_rate=2, activation="relu", name="conv_causal_d2")(x)
    x = TL.Conv1D(4, 3, padding="same", groups=2, name="conv_groups")(x)
    x = TL.Conv1D(6, 3, padding="causal", strides=2, name="conv_causal_s2")(x)
    a = TL.MaxPooling1D(2, name="maxpool_valid")(x)
    b = TL.AveragePooling1D(3, strides=2, padding="same", name="avgpool_same")(x)
    c = TL.MaxPooling1D(2, strides=1, padding="same", name="maxpool_same")(x)
    d = TL.AveragePooling1D(2, strides=1, name="avgpool_valid")(x)
    pooled = TL.Concatenate(axis=1, name="pools")([a, b, c, d])
    g = TL.Concatenate(name="global")([
        TL.GlobalAveragePooling1D(name="gap")(pooled), TL.GlobalMaxPooling1D(name="gmp")(pooled)])
    head = TL.Dense(3, activation="tanh", name="head")(g)
    model = tf_keras.Model(sequence, [pooled, head], name=stem)
    randomize_weights(model, stem)
    return model, [((20, 3), -1, 1)], {}, (
        "Functional model of 1-D layers (no Lambda): Conv1D with valid, strided same, dilated "
        "causal (relu), grouped same and strided causal padding; MaxPooling1D and AveragePooling1D "
        "with valid and same padding; GlobalAveragePooling1D, GlobalMaxPooling1D, Dense. Outputs "
        "the concatenated pooled sequences and the dense head.")


def build_sequence_layers(stem):
    sequence = tf_keras.Input((11, 4), name="sequence")
    x = TL.ZeroPadding1D((2, 1), name="zero_pad")(sequence)
    x = TL.SeparableConv1D(6, 3, depth_multiplier=2, padding="causal", dilation_rate=2, activation="relu",
                           name="separable_causal")(x)
    x = TL.DepthwiseConv1D(3, strides=2, padding="same", depth_multiplier=2, name="depthwise")(x)
    x = TL.UpSampling1D(3, name="upsample")(x)
    x = TL.Cropping1D((1, 2), name="crop")(x)
    y = TL.SeparableConv1D(3, 2, strides=2, name="separable_valid")(x)
    model = tf_keras.Model(sequence, [x, y], name=stem)
    randomize_weights(model, stem)
    return model, [((11, 4), -1, 1)], {}, (
        "Functional model of more 1-D layers (no Lambda): ZeroPadding1D, SeparableConv1D (depth "
        "multiplier 2, dilated causal, relu; and strided valid), DepthwiseConv1D (strided same, depth "
        "multiplier 2), UpSampling1D, Cropping1D. Two outputs.")


def build_conv_variants(stem):
    image = tf_keras.Input((9, 10, 4), name="image")
    x = TL.Conv2D(6, 3, padding="same", groups=2, name="grouped")(image)
    x = TL.Conv2D(4, (3, 2), dilation_rate=(2, 1), padding="same", activation="relu", name="dilated")(x)
    v = TL.Conv2D(3, 2, dilation_rate=2, groups=1, name="dilated_valid")(x)
    s = TL.SeparableConv2D(5, 3, depth_multiplier=2, strides=2, padding="same", name="separable")(x)
    s2 = TL.SeparableConv2D(3, (2, 3), dilation_rate=(1, 2), activation="relu", name="separable_dilated")(x)
    up = TL.Conv2DTranspose(3, 3, strides=2, padding="same", name="deconv_same")(s)
    up2 = TL.Conv2DTranspose(4, (2, 3), strides=(2, 1), padding="valid", name="deconv_valid")(s)
    up3 = TL.Conv2DTranspose(2, 3, strides=2, padding="valid", output_padding=1, name="deconv_outpad")(s)
    up4 = TL.Conv2DTranspose(2, 2, strides=3, padding="same", name="deconv_small_kernel")(s)
    up5 = TL.Conv2DTranspose(2, 3, dilation_rate=2, padding="same", use_bias=False, name="deconv_dilated")(s2)
    model = tf_keras.Model(image, [v, up, up2, up3, up4, up5], name=stem)
    randomize_weights(model, stem)
    return model, [((9, 10, 4), -1, 1)], {}, (
        "Functional image model of convolution variants (no Lambda): Conv2D with groups=2 and with "
        "dilation (same and valid), SeparableConv2D (depth_multiplier 2, strided; and dilated valid "
        "with relu), Conv2DTranspose with same, valid, output_padding, a kernel smaller than the "
        "stride, and dilation without bias. Six outputs.")


def build_norm_embedding(stem):
    ids = tf_keras.Input((6,), name="ids")
    image = tf_keras.Input((4, 5, 3), name="image")
    e = TL.Embedding(11, 8, name="embedding")(ids)
    x = TL.LayerNormalization(name="norm_last")(e)
    x = TL.PReLU(shared_axes=[1], name="prelu_shared")(x)
    x = TL.LayerNormalization(axis=1, epsilon=0.01, name="norm_time")(x)
    x = TL.LayerNormalization(axis=[1, 2], center=False, name="norm_both")(x)
    x = TL.PReLU(name="prelu_full")(x)
    v = TL.GlobalAveragePooling1D(name="gap")(x)
    r = TL.RepeatVector(3, name="repeat")(v)
    r = TL.LayerNormalization(scale=False, epsilon=0.1, name="norm_repeat")(r)
    i = TL.PReLU(shared_axes=[1, 2], name="prelu_channels")(image)
    i = TL.LayerNormalization(axis=[1, 3], name="norm_hc")(i)
    i = TL.LayerNormalization(axis=[1, 2, 3], name="norm_hwc")(i)
    model = tf_keras.Model([ids, image], [x, r, i], name=stem)
    randomize_weights(model, stem)
    return model, [((6,), 0, 11, "int"), ((4, 5, 3), -2, 2)], {}, (
        "Functional model (no Lambda) with integer ids into Embedding, LayerNormalization over the "
        "last axis, over the time axis only, over both, without center or scale and over the image's "
        "height and channels (a non-trailing axis set), PReLU with per-element, shared-time and "
        "per-channel alphas, RepeatVector. Three outputs.")


def build_activations(stem):
    features = tf_keras.Input((12,), name="features")
    h = TL.Dense(12, name="dense")(features)
    outputs = []
    for name in ["elu", "exponential", "gelu", "hard_sigmoid", "linear", "mish", "relu", "selu", "sigmoid",
                 "softmax", "softplus", "softsign", "swish", "tanh"]:
        outputs.append(TL.Activation(name, name="act_" + name)(h))
    outputs.append(TL.ReLU(max_value=6.0, name="relu_max6")(h))
    outputs.append(TL.LeakyReLU(alpha=0.1, name="leaky")(h))
    outputs.append(TL.ThresholdedReLU(theta=0.4, name="thresholded")(h))
    outputs.append(TL.ELU(alpha=0.5, name="elu_half")(h))
    outputs.append(TL.Softmax(axis=1, name="softmax_layer")(TL.Reshape((3, 4), name="grid")(h)))
    outputs.append(TL.Dense(4, activation="selu", name="dense_selu")(h))
    model = tf_keras.Model(features, outputs, name=stem)
    randomize_weights(model, stem)
    return model, [((12,), -3, 3)], {}, (
        "Every tf_keras activation string as an Activation layer (elu, exponential, gelu, "
        "hard_sigmoid, linear, mish, relu, selu, sigmoid, softmax, softplus, softsign, swish, tanh) "
        "on one Dense output, plus ReLU(max_value=6), LeakyReLU, ThresholdedReLU, ELU(alpha=0.5), "
        "Softmax(axis=1) and a Dense with selu. One output per layer.")


def build_recurrent_lstm(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((6, 4), name="sequence"),
        TL.LSTM(5, return_sequences=True, name="lstm_seq"),
        TL.LSTM(4, recurrent_activation="hard_sigmoid", use_bias=False, go_backwards=True, name="lstm_last"),
        TL.Dense(2, name="head"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((6, 4), -1, 1)], {}, (
        "Sequential of recurrent layers on a [T, F] input (no Embedding, no Lambda): LSTM with "
        "return_sequences, then LSTM without bias, hard_sigmoid recurrent activation and "
        "go_backwards returning its last state, then Dense.")


def build_recurrent_gru(stem):
    sequence = tf_keras.Input((6, 3), name="sequence")
    x = TL.GRU(4, return_sequences=True, reset_after=True, name="gru_after")(sequence)
    x = TL.GRU(4, return_sequences=True, reset_after=False, go_backwards=True, name="gru_before_back")(x)
    x = TL.GRU(3, reset_after=True, go_backwards=True, name="gru_after_back")(x)
    head = TL.Dense(2, name="head")(x)
    side = TL.GRU(2, reset_after=False, use_bias=False, activation="relu", name="gru_relu")(sequence)
    seq = TL.GRU(3, return_sequences=True, reset_after=True, go_backwards=True, use_bias=False,
                 name="gru_after_seq_back")(sequence)
    model = tf_keras.Model(sequence, [head, side, seq], name=stem)
    randomize_weights(model, stem)
    return model, [((6, 3), -1, 1)], {}, (
        "Functional model of GRU layers, three outputs: reset_after=True (TF2 default) and False, "
        "return_sequences on and off, go_backwards with and without sequences, use_bias=False, a "
        "relu activation; then Dense.")


def build_recurrent_simple(stem):
    model = tf_keras.Sequential([
        tf_keras.Input((7, 3), name="sequence"),
        TL.SimpleRNN(5, return_sequences=True, name="rnn_seq"),
        TL.SimpleRNN(4, activation="relu", go_backwards=True, return_sequences=True, name="rnn_relu_back"),
        TL.SimpleRNN(3, use_bias=False, name="rnn_last"),
        TL.Dense(2, activation="sigmoid", name="head"),
    ], name=stem)
    randomize_weights(model, stem)
    return model, [((7, 3), -1, 1)], {}, (
        "Sequential of SimpleRNN layers: tanh with return_sequences, relu with go_backwards and "
        "return_sequences, no bias returning the last state; then Dense with sigmoid.")


def build_recurrent_bidirectional(stem):
    sequence = tf_keras.Input((5, 4), name="sequence")
    x = TL.Bidirectional(TL.LSTM(3, return_sequences=True), merge_mode="concat", name="bi_lstm_concat")(sequence)
    x = TL.Bidirectional(TL.GRU(3, return_sequences=True), merge_mode="sum", name="bi_gru_sum")(x)
    x = TL.Bidirectional(TL.SimpleRNN(3, return_sequences=True), merge_mode="mul", name="bi_rnn_mul")(x)
    x = TL.Bidirectional(TL.LSTM(3, return_sequences=True), merge_mode="sum", name="bi_lstm_sum")(x)
    last = TL.Bidirectional(TL.LSTM(2), merge_mode="ave", name="bi_lstm_ave")(x)
    head = TL.Dense(2, name="head")(last)
    side = TL.Bidirectional(TL.GRU(2, reset_after=False), name="bi_gru_before")(sequence)
    side = TL.Concatenate(name="side_concat")([
        side,
        TL.Bidirectional(TL.SimpleRNN(2), merge_mode="ave", name="bi_rnn_ave")(sequence),
        TL.Bidirectional(TL.GRU(2), merge_mode="mul", name="bi_gru_mul")(sequence),
    ])
    model = tf_keras.Model(sequence, [head, side], name=stem)
    randomize_weights(model, stem)
    return model, [((5, 4), -1, 1)], {}, (
        "Functional model of Bidirectional layers, two outputs: LSTM (concat, sum, ave), GRU "
        "reset_after=True (sum, mul) and False (concat), SimpleRNN (mul, ave), with and without "
        "return_sequences; then Dense and Concatenate.")


TF_KERAS_BUILDERS = [
    ("plain_sequential", build_plain_sequential),
    ("plain_layers", build_plain_layers),
    ("plain_functional", build_plain_functional),
    ("lambda_image", build_lambda_image),
    ("lambda_shapes", build_lambda_shapes),
    ("lambda_math", build_lambda_math),
    ("siamese_l1", build_siamese_l1),
    ("siamese_euclidean", build_siamese_euclidean),
    ("inception_resnet_block", build_inception_resnet_block),
    ("vae_sampling", build_vae_sampling),
    ("tfop_lambda", build_tfop_lambda),
    ("seed_examples", build_seed_examples),
    ("global_scale", build_global_scale),
    ("tf_nn_relu", build_tf_nn_relu),
    ("multi_lambda", build_multi_lambda),
    ("nested_branches", build_nested_branches),
    ("conv1d_layers", build_conv1d_layers),
    ("sequence_layers", build_sequence_layers),
    ("conv_variants", build_conv_variants),
    ("norm_embedding", build_norm_embedding),
    ("activations", build_activations),
    ("recurrent_lstm", build_recurrent_lstm),
    ("recurrent_gru", build_recurrent_gru),
    ("recurrent_simple", build_recurrent_simple),
    ("recurrent_bidirectional", build_recurrent_bidirectional),
]

# --------------------------------------------------------------------------------------------
# Keras 3 models (legacy .h5 writer)
# --------------------------------------------------------------------------------------------

KL = keras.layers


def build_keras3_lambda(stem):
    a = keras.Input((5,), name="input_a")
    b = keras.Input((5,), name="input_b")
    base = keras.Sequential([
        keras.Input((5,), name="base_in"),
        KL.Lambda(src(PRE_127), name="scale"),
        KL.Dense(4, activation="relu", name="base_dense"),
    ], name="base")
    dist = KL.Lambda(src(K3_L1), name="l1_distance")([base(a), base(b)])
    dist = KL.Lambda(src(K3_SWISH), name="swish")(dist)
    out = KL.Dense(1, activation="sigmoid", name="head")(dist)
    model = keras.Model([a, b], out, name=stem)
    randomize_weights(model, stem)
    return model, [((5,), 0, 255), ((5,), 0, 255)], {}, (
        "Keras 3 siamese model saved with the legacy .h5 writer: the shared nested Sequential 'base' "
        "holds a Lambda x / 127.5 - 1.0; then tf.abs(tensors[0] - tensors[1]) and "
        "x * ops.sigmoid(x) (ops = keras.ops). Lambdas stored as {'class_name': '__lambda__', "
        "'config': {'code', 'defaults', 'closure'}}.")


def build_keras3_named(stem):
    a = keras.Input((5,), name="input_a")
    b = keras.Input((5,), name="input_b")
    base = KL.Dense(4, activation="relu", name="embed")
    dist = KL.Lambda(src(K3_EUCLIDEAN), name="euclidean_distance")([base(a), base(b)])
    out = KL.Dense(1, activation="sigmoid", name="head")(dist)
    model = keras.Model([a, b], out, name=stem)
    randomize_weights(model, stem)
    return model, [((5,), 0, 1), ((5,), 0, 1)], {}, (
        "Keras 3 siamese model with a named def euclidean_distance (written with keras.ops as ops) "
        "in a Lambda. Keras 3 stores only the name {'module': 'builtins', 'class_name': 'function', "
        "'config': 'euclidean_distance'}: no code; the source is in this manifest for "
        "--function-source. Loading needs safe_mode=False and custom_objects.")


def build_keras3_layers(stem):
    features = keras.Input((10,), name="features")
    ids = keras.Input((5,), name="ids")
    h = KL.Dense(10, name="dense")(features)
    outputs = []
    for name in ["hard_sigmoid", "relu6", "leaky_relu", "silu", "hard_silu", "log_softmax", "gelu", "mish",
                 "selu", "elu"]:
        outputs.append(KL.Activation(name, name="act_" + name)(h))
    e = KL.Embedding(7, 4, name="embedding")(ids)
    e = KL.LayerNormalization(axis=-1, name="norm")(e)
    e = KL.PReLU(shared_axes=[1], name="prelu")(e)
    outputs.append(KL.RepeatVector(2, name="repeat")(KL.Flatten(name="flatten")(e)))
    model = keras.Model([features, ids], outputs, name=stem)
    randomize_weights(model, stem)
    return model, [((10,), -3, 3), ((5,), 0, 7, "int")], {}, (
        "Keras 3 model (legacy .h5 writer, no Lambda): activation strings whose meaning or presence "
        "differs from Keras 2 (hard_sigmoid is relu6(x + 3) / 6, relu6, leaky_relu, silu, hard_silu, "
        "log_softmax, gelu, mish, selu, elu) on one Dense output, and Embedding, LayerNormalization, "
        "PReLU, Flatten, RepeatVector with Keras 3 config keys.")


def build_keras3_recurrent(stem):
    sequence = keras.Input((5, 3), name="sequence")
    x = KL.Bidirectional(KL.LSTM(3, return_sequences=True, recurrent_activation="hard_sigmoid"),
                         merge_mode="sum", name="bi_lstm")(sequence)
    x = KL.GRU(3, go_backwards=True, return_sequences=True, name="gru_back")(x)
    x = KL.SimpleRNN(2, name="rnn")(x)
    out = KL.Dense(2, name="head")(x)
    model = keras.Model(sequence, out, name=stem)
    randomize_weights(model, stem)
    return model, [((5, 3), -1, 1)], {}, (
        "Keras 3 recurrent layers saved with the legacy .h5 writer (which stores backward_layer in "
        "Bidirectional's config): Bidirectional LSTM with Keras 3's hard_sigmoid (relu6(x + 3) / 6) "
        "merged by sum, GRU (reset_after=True) with go_backwards and return_sequences, SimpleRNN, Dense.")


KERAS3_BUILDERS = [
    ("keras3_lambda", build_keras3_lambda),
    ("keras3_named", build_keras3_named),
    ("keras3_layers", build_keras3_layers),
    ("keras3_recurrent", build_keras3_recurrent),
]

# --------------------------------------------------------------------------------------------
# Building, saving, checking
# --------------------------------------------------------------------------------------------


def save_and_describe(stem, builder, flavour):
    reset(stem)
    model, input_specs, extra, description = builder(stem)
    path = os.path.join(MODELS, stem + ".h5")
    if os.path.exists(path):
        os.remove(path)
    model.save(path)
    inputs = make_inputs(stem, input_specs)
    outputs = run_golden(model, inputs, extra.get("per_sample", False))
    random_outputs = extra.get("random_outputs", [])
    golden = write_golden(stem, inputs, outputs, random_outputs)
    entry = {
        "file": "models/%s.h5" % stem,
        "golden": golden,
        "flavour": flavour,
        "keras_version": read_root_attr(path, "keras_version"),
        "python_version": PYTHON,
        "description": description,
        "inputs": [input_entry(name, spec) for name, spec in zip(input_names(model), input_specs)],
        "lambdas": lambda_entries(model, extra.get("tfop_sources"), extra.get("library_sources")),
        "weights_only": False,
        # Keras's own figures, so the reader's parameter count and shape inference can be checked.
        "count_params": int(model.count_params()),
        "output_shapes": [[None if d is None else int(d) for d in o.shape] for o in model.outputs],
    }
    for key in ("random", "random_outputs", "defines", "per_sample"):
        if key in extra:
            entry[key] = extra[key]
    check_config_matches(path, entry)
    return entry, model, inputs, outputs


def input_entry(name, spec):
    entry = {"name": name, "shape": list(spec[0]), "range": [spec[1], spec[2]]}
    if spec[3:] == ("int",):
        entry["integer"] = True
    return entry


def input_names(model):
    names = []
    for t in model.inputs:
        history = getattr(t, "_keras_history", None)
        names.append(history[0].name if history is not None else t.name)
    return names


def check_config_matches(path, entry):
    """The manifest's Lambda list must match the layers the saved config really holds."""
    config = json.loads(read_root_attr(path, "model_config"))
    in_file = [(layer.get("config", {}).get("name", layer.get("name")), layer["class_name"])
               for _, layer in walk_config_layers(config)
               if layer["class_name"] in ("Lambda", "TFOpLambda", "SlicingOpLambda")]
    in_manifest = [(e["layer"], e["class_name"]) for e in entry["lambdas"]]
    assert sorted(in_file) == sorted(in_manifest), (path, in_file, in_manifest)


def pyenv_python(version_dir):
    root = os.environ.get("PYENV_ROOT")
    if not root:
        root = subprocess.check_output(["pyenv", "root"]).decode().strip()
    return os.path.join(root, "versions", version_dir, "bin", "python")


def run_helper(python, mode, request):
    helper = os.path.join(HERE, "marshal_helper.py")
    proc = subprocess.run([python, helper, mode], input=json.dumps(request).encode("utf-8"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise RuntimeError("%s %s failed:\n%s" % (python, mode, proc.stderr.decode()))
    return json.loads(proc.stdout.decode("utf-8"))


def marshaled_slots(config, manifest_entry):
    """(layer config, field, source) for every marshaled function in a tf_keras config."""
    by_layer = {e["layer"]: e for e in manifest_entry["lambdas"]}
    slots = []
    for _, layer in walk_config_layers(config):
        if layer["class_name"] != "Lambda":
            continue
        cfg = layer["config"]
        entry = by_layer[cfg["name"]]
        if cfg["function_type"] == "lambda":
            slots.append((cfg, "function", entry["source"]))
        if cfg.get("output_shape_type") == "lambda":
            slots.append((cfg, "output_shape", entry["output_shape_source"]))
    return slots


def make_bytecode_variants(base_entry):
    """Copies of the multi_lambda model whose bytecode comes from other CPython versions."""
    base_path = os.path.join(FIXTURES, base_entry["file"])
    base_text = read_root_attr(base_path, "model_config")
    assert json.dumps(json.loads(base_text)) == base_text, "re-dumping must not change the JSON"
    sources = [s for _, _, s in marshaled_slots(json.loads(base_text), base_entry)]
    with h5py.File(os.path.join(FIXTURES, base_entry["golden"]), "r") as g:
        golden = {k: g[k][()] for k in g}

    raw_by_version = {}
    for tag, version_dir in INTERPRETERS:
        python = pyenv_python(version_dir)
        reply = run_helper(python, "dump", {"filename": CODE_FILENAME, "sources": sources})
        raw_by_version[tag] = (reply["python_version"],
                               [codecs.decode(c.encode("ascii"), "base64") for c in reply["code"]])

    def encode_base64(raw):
        return codecs.encode(raw, "base64").decode("ascii")

    def encode_raw_unicode_escape(raw):
        text = raw.decode("raw_unicode_escape")
        assert text.encode("raw_unicode_escape") == raw, "raw_unicode_escape does not round-trip"
        return text

    def encode_windows(raw):
        return encode_base64(raw.replace(b"\\", b"/"))

    plans = [("bytecode_%s" % tag, tag, "base64", encode_base64, {}) for tag, _ in INTERPRETERS]
    plans.append(("bytecode_py36_raw_unicode_escape", "py36", "raw_unicode_escape",
                  encode_raw_unicode_escape, {"encoding": "raw_unicode_escape"}))
    plans.append(("bytecode_py311_windows", "py311", "base64", encode_windows,
                  {"windows_damaged": True}))

    entries, checks = [], []
    for stem, tag, encoding, encode, marks in plans:
        python_version, raws = raw_by_version[tag]
        config = json.loads(base_text)
        slots = marshaled_slots(config, base_entry)
        payloads = []
        for (cfg, field, _), raw in zip(slots, raws):
            text = encode(raw)
            cfg[field] = [text] + list(cfg[field][1:])  # keep defaults and closure
            payloads.append([text, encoding])
        path = os.path.join(MODELS, stem + ".h5")
        shutil.copyfile(base_path, path)
        with h5py.File(path, "r+") as f:
            write_string_attr(f.attrs, "model_config", json.dumps(config))
        golden_rel = write_golden(stem, [golden["input_%d" % i] for i in range(2)],
                                  [golden["output_%d" % i] for i in range(2)])
        entry = dict(base_entry)
        entry.update({
            "file": "models/%s.h5" % stem,
            "golden": golden_rel,
            "python_version": python_version,
            "variant_of": base_entry["file"],
            "encoding": encoding,
            "description": "%s with every marshaled function (Lambda functions and the output_shape "
                           "lambda) recompiled from the same source by CPython %s%s." % (
                               base_entry["file"], python_version,
                               {"raw_unicode_escape": ", stored Keras < 2.1.2 style as "
                                "raw_unicode_escape text instead of base64",
                                "base64": ""}[encoding]),
        })
        entry["lambdas"] = [dict(e) for e in base_entry["lambdas"]]
        if marks.get("windows_damaged"):
            damaged = sorted({cfg["name"] + ("" if field == "function" else " (output_shape)")
                              for (cfg, field, _), raw in zip(slots, raws) if b"\\" in raw})
            assert damaged, "no 0x5C byte anywhere: the Windows copy would be undamaged"
            entry["windows_damaged"] = True
            entry["damaged_layers"] = damaged
            entry["description"] += (" Saved as tf.keras on Windows did: every 0x5C byte of the "
                                     "marshal data replaced by 0x2F before base64 (layers whose "
                                     "bytes changed: %s)." % ", ".join(damaged))
        else:
            checks.append((tag, stem, payloads))
        entries.append(entry)

    # Each interpreter must unmarshal its payload back to the code it compiled from the source.
    for tag, stem, payloads in checks:
        python = pyenv_python(dict(INTERPRETERS)[tag])
        reply = run_helper(python, "check", {"filename": CODE_FILENAME, "sources": sources,
                                             "payloads": payloads})
        assert all(reply["ok"]), (stem, reply)
    native = json.loads(base_text)
    same = [cfg[field][0] == encode_base64(raw) for (cfg, field, _), raw in
            zip(marshaled_slots(native, base_entry), raw_by_version["py311"][1])]
    print("  pyenv 3.11 bytecode identical to the venv's for %d of %d functions" % (sum(same), len(same)))
    return entries


def verify_reload(entry, inputs, outputs):
    """Load a model back with its own Keras and compare with the golden outputs."""
    path = os.path.join(FIXTURES, entry["file"])
    if entry["flavour"] == "keras3":
        # Keras 3 rebuilds a __lambda__ with the globals of keras.src.utils.python_utils, where
        # `tf` and `ops` do not exist (the config stores no module): without these names the
        # reload fails with "could not automatically infer the shape of the Lambda's output".
        from keras.src.utils import python_utils
        python_utils.__dict__.setdefault("tf", tf)
        python_utils.__dict__.setdefault("ops", ops)
        custom = {"euclidean_distance": function_for(K3_EUCLIDEAN)}
        model = keras.saving.load_model(path, custom_objects=custom, safe_mode=False, compile=False)
    else:
        model = tf_keras.models.load_model(path, safe_mode=False, compile=False)
    again = run_golden(model, inputs, entry.get("per_sample", False))
    for i, (a, b) in enumerate(zip(again, outputs)):
        if i in entry.get("random_outputs", []):
            continue
        err = float(np.max(np.abs(a - b)))
        assert err < 1e-5, (entry["file"], i, err)


def make_bad_fixtures(small_model_path, weights_model):
    for old in glob.glob(os.path.join(BAD, "*.h5")):
        os.remove(old)
    # A plain ".h5" name gives the legacy Keras 2 weights layout (root attributes layer_names,
    # backend, keras_version; one group per layer); tf_keras 2.13+ writes the Keras 3 style layout
    # (layers/<attribute name>/vars/0 ..., no attributes at all) for a ".weights.h5" name.
    weights_model.save_weights(os.path.join(BAD, "weights_only.h5"))
    weights_model.save_weights(os.path.join(BAD, "weights_only.weights.h5"))
    data = open(small_model_path, "rb").read()
    with open(os.path.join(BAD, "truncated.h5"), "wb") as f:
        f.write(data[: len(data) // 2])
    open(os.path.join(BAD, "empty.h5"), "wb").close()
    with open(os.path.join(BAD, "not_hdf5.h5"), "w") as f:
        f.write("This is a text file with an .h5 name, not an HDF5 file.\n")
    text = read_root_attr(small_model_path, "model_config")
    malformed = os.path.join(BAD, "malformed_config.h5")
    shutil.copyfile(small_model_path, malformed)
    with h5py.File(malformed, "r+") as f:
        write_string_attr(f.attrs, "model_config", text[: len(text) // 2])
    config = json.loads(text)
    renamed = 0
    for _, layer in walk_config_layers(config):
        if layer["class_name"] == "Dense":
            layer["class_name"] = "MyCustomLayer"
            renamed += 1
    assert renamed == 1
    unknown = os.path.join(BAD, "unknown_layer.h5")
    shutil.copyfile(small_model_path, unknown)
    with h5py.File(unknown, "r+") as f:
        write_string_attr(f.attrs, "model_config", json.dumps(config))


def main():
    for folder in (MODELS, GOLDEN, BAD):
        os.makedirs(folder, exist_ok=True)
        for old in glob.glob(os.path.join(folder, "*.h5")):
            # Corpus goldens come from record_corpus_goldens.py.
            if not os.path.basename(old).startswith("corpus_"):
                os.remove(old)
    manifest, verify = [], []
    for flavour, builders in (("tf_keras", TF_KERAS_BUILDERS), ("keras3", KERAS3_BUILDERS)):
        for stem, builder in builders:
            print("building", stem)
            entry, model, inputs, outputs = save_and_describe(stem, builder, flavour)
            manifest.append(entry)
            verify.append((entry, inputs, outputs))
            if stem == "seed_examples":
                seed_model = model
    print("bytecode variants")
    base = next(e for e in manifest if e["file"] == "models/multi_lambda.h5")
    manifest.extend(make_bytecode_variants(base))
    print("bad inputs")
    make_bad_fixtures(os.path.join(MODELS, "seed_examples.h5"), seed_model)
    print("reloading with Keras")
    for entry, inputs, outputs in verify:
        verify_reload(entry, inputs, outputs)
    with open(os.path.join(FIXTURES, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*", "*.h5"))):
        print("%8d  %s" % (os.path.getsize(path), os.path.relpath(path, FIXTURES)))


if __name__ == "__main__":
    main()
