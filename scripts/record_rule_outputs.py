#!/usr/bin/env python3
"""Records TensorFlow's outputs for the numeric tests of rule files (run by hand, never by CI).

For every rule test with `numeric: true`, evaluates its `in` lambda with TensorFlow on seeded
random inputs (shape from the test's `shapes`, default [2, 3, 4]; values uniform over the test's
`domain`, else the rule's `approximate.domain`, else [-2, 2]) and writes the inputs and output to
`<rule file>.recorded.json` beside the rule file. `delambda lint` and the test suite compare the
rewrite's reference evaluation with them.

Usage: /path/to/venv-with-tensorflow/bin/python scripts/record_rule_outputs.py [RULE_FILE...]
(default: every Rules/*.yaml). The lambdas are the rule files' own test sources.
"""
import json
import zlib
import pathlib
import sys

import numpy as np
import yaml

import tensorflow as tf
import tf_keras
from tf_keras import backend as K

try:
    import keras
    from keras import ops
except ImportError:  # Keras 3 is optional: its rules' numeric tests are then not recorded.
    keras = None
    ops = None

ROOT = pathlib.Path(__file__).resolve().parent.parent


def record(path: pathlib.Path) -> None:
    spec = yaml.safe_load(path.read_text()) or {}
    cases = {}
    for rule in spec.get("rules", []):
        approximate = rule.get("approximate") or {}
        for index, test in enumerate(rule.get("tests", []) or []):
            if not test.get("numeric"):
                continue
            source = test["in"]
            namespace = {"tf": tf, "K": K, "np": np, "ops": ops, "keras": keras}
            function = eval(source, namespace)  # the rule file's own test lambda
            names = function.__code__.co_varnames[: function.__code__.co_argcount]
            low, high = test.get("domain") or approximate.get("domain") or [-2.0, 2.0]
            rng = np.random.default_rng(zlib.crc32(f"{rule['id']}/{index}".encode()))
            inputs = {}
            for name in names:
                shape = (test.get("shapes") or {}).get(name, [2, 3, 4])
                inputs[name] = rng.uniform(low, high, size=shape).astype(np.float32)
            output = np.asarray(function(*[tf.constant(inputs[n]) for n in names]), dtype=np.float64)
            cases[f"{rule['id']}/{index}"] = {
                "source": source,
                "inputs": {n: {"shape": list(v.shape), "values": [float(x) for x in v.ravel()]} for n, v in inputs.items()},
                "output": {"shape": list(output.shape), "values": [float(x) for x in output.ravel()]},
            }
    target = path.with_suffix(".recorded.json")
    if not cases:
        if target.exists():
            target.unlink()
        return
    document = {"generated_by": "scripts/record_rule_outputs.py", "tensorflow": tf.__version__, "tests": cases}
    target.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"{target.resolve().relative_to(ROOT)}: {len(cases)} numeric tests")


def main() -> None:
    paths = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((ROOT / "Rules").glob("*.yaml"))
    for path in paths:
        record(path)


if __name__ == "__main__":
    main()
