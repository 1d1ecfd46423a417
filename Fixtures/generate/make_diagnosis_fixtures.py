"""Makes Fixtures/diagnosis/: copies of existing fixtures edited with h5py so that each one shows
one diagnosis the commands must give (a refusal and its advice). Run by hand from the repository
root with any Python that has h5py (no TensorFlow needed):

    /work/venv-h5/bin/python Fixtures/generate/make_diagnosis_fixtures.py

Lambda payloads are marshaled by the running Python (3.11 in /work/venv-h5): Delambda detects it.
"""

import base64
import json
import marshal
import shutil
from pathlib import Path

import h5py

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "diagnosis"


def layers_of(config):
    inner = config["config"]
    return inner["layers"] if isinstance(inner, dict) else inner


def edit(source, target, change):
    """Copies Fixtures/models/<source> to diagnosis/<target> and applies `change` to its config."""
    path = OUT / target
    shutil.copyfile(ROOT / "models" / source, path)
    with h5py.File(path, "r+") as file:
        config = json.loads(file.attrs["model_config"])
        change(config)
        file.attrs["model_config"] = json.dumps(config)


def rename_class(name, class_name):
    def change(config):
        for layer in layers_of(config):
            if layer["config"].get("name") == name:
                layer["class_name"] = class_name

    return change


def lambda_payload(source):
    """A Keras 2 Lambda `function` entry holding the marshaled code of the lambda in `source`."""
    code = compile(source, "<fixture>", "eval").co_consts[0]
    return [base64.encodebytes(marshal.dumps(code)).decode("ascii"), None, None]


def replace_function(name, source):
    def change(config):
        for layer in layers_of(config):
            if layer["config"].get("name") == name:
                layer["config"]["function"] = lambda_payload(source)

    return change


def main():
    OUT.mkdir(exist_ok=True)
    # A Lambda reading an unstored global AND a layer class no backend knows: one run names both.
    edit("global_scale.h5", "lambda_and_custom_layer.h5", rename_class("dense", "MyCustomLayer"))
    # A weightless layer of an unknown class whose config is Activation's: the advice names Activation.
    edit("plain_sequential.h5", "registered_activation.h5", rename_class("tanh", "Custom>MyTanh"))
    # A Lambda the rules rewrite into an op (round) that Core ML refuses.
    edit("global_scale.h5", "round_lambda.h5", replace_function("scale_global", "lambda x: K.round(x)"))
    # A Lambda calling a function no rule rewrites: the advice is explain and --rules.
    edit("global_scale.h5", "unknown_op_lambda.h5", replace_function("scale_global", "lambda x: tf.math.lgamma(x)"))
    # A Lambda with a generator expression (a loop in a nested code object): not decompilable.
    edit("global_scale.h5", "loop_lambda.h5", replace_function("scale_global", "lambda x: sum(v for v in x)"))
    # A comprehension whose length the model decides, longer than the decompiler unrolls.
    edit("global_scale.h5", "long_loop_lambda.h5", replace_function(
        "scale_global", "lambda x: K.concatenate([x[..., i:i + 1] for i in range(K.int_shape(x)[-1] * 10)], axis=-1)"))


if __name__ == "__main__":
    main()
