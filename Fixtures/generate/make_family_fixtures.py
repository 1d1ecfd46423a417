"""Regenerate the op-family fixtures: Fixtures/families/<family>/ (models, goldens, manifest.json).

Run by hand from the repository root (never by CI), with the venv of make_fixtures.py:

    /work/venv-tf/bin/python Fixtures/generate/make_family_fixtures.py FAMILY [FAMILY...]

Each family is a module `families/<family>.py` holding `CASES`, a list of `case(...)` values: one
small model per case and flavour, an input layer or two feeding one Lambda (a Dense after it when
`head=True`). Sources are evaluated by make_fixtures.src, so they see the same names (K, tf, keras,
ops, np) and compile with the same file name as every other fixture. Goldens are TensorFlow's own
outputs, per sample when a case says `per_sample=True`. Every Keras 3 model is also saved as a
`.keras` archive (Keras 3's own format) beside its `.h5`, with a manifest entry of its own
(`"archive": true`) that reuses the `.h5`'s golden.
"""
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_fixtures as mf  # noqa: E402  (TensorFlow, both Kerases, the source registry)

import h5py  # noqa: E402
import numpy as np  # noqa: E402


def case(name, inputs, source, keras3_source=None, flavours=("tf_keras", "keras3"), arguments=None,
         head=False, per_sample=False, description="", decompiled=None, layers=None, body=None, golden=None,
         sizes=None):
    """One model per flavour: `inputs` as in make_fixtures.make_inputs ((shape, low, high) each);
    `source` the Lambda for tf_keras and, unless `keras3_source` is given, for Keras 3 too;
    `decompiled` what the decompiler gives when it is not the source (paths inlined).
    `layers(api, tensor)`, when given, builds the model's ordinary layers instead of a Lambda;
    `body(layers, tensor, lambda_layer)`, when given, builds the model's layers around the Lambda
    (layer models such as the channels_first family) and returns the output tensor; `golden(model,
    inputs)`, when given, computes the golden outputs (and the reload check's) instead of an eager
    call of the model. `sizes`, for inputs with unknown (None) dimensions, lists the concrete shapes
    (one per input, batch left out) to record goldens at: `golden` is the first, `goldens` all."""
    return dict(name=name, inputs=inputs, source=source, keras3_source=keras3_source or source,
                flavours=flavours, arguments=arguments, head=head, per_sample=per_sample,
                description=description, decompiled=decompiled, layers=layers, body=body, golden=golden,
                sizes=sizes)


def build(spec, flavour, stem):
    api = mf.tf_keras if flavour == "tf_keras" else mf.keras
    layers = api.layers
    tensors = [layers.Input(tuple(shape), name="input_%d" % i) for i, (shape, *_rest) in enumerate(spec["inputs"])]
    if spec.get("layers"):
        out = spec["layers"](api, tensors if len(tensors) > 1 else tensors[0])
    else:
        source = spec["source"] if flavour == "tf_keras" else spec["keras3_source"]
        lambda_layer = layers.Lambda(mf.src(source), name=spec["name"], arguments=spec["arguments"])
        if spec.get("body"):
            out = spec["body"](layers, tensors[0], lambda_layer)
        else:
            out = lambda_layer(tensors if len(tensors) > 1 else tensors[0])
    outputs = list(out) if isinstance(out, (list, tuple)) else [out]
    if spec["head"]:
        outputs = [layers.Dense(3, name="head_%d" % i)(o) for i, o in enumerate(outputs)]
    model = api.Model(tensors, outputs if len(outputs) > 1 else outputs[0], name=stem)
    mf.randomize_weights(model, stem)
    return model


def write_golden(path, model_rel, inputs, outputs):
    with h5py.File(path, "w") as f:
        f.attrs["model"] = model_rel
        f.attrs["batch_size"] = mf.BATCH
        f.attrs["random_outputs"] = np.array([], dtype=np.int64)
        for i, a in enumerate(inputs):
            f.create_dataset("input_%d" % i, data=a.astype(np.float32))
        for i, a in enumerate(outputs):
            f.create_dataset("output_%d" % i, data=a.astype(np.float32))


def make_family(family):
    module = importlib.import_module("families." + family)
    folder = os.path.join(mf.FIXTURES, "families", family)
    os.makedirs(os.path.join(folder, "golden"), exist_ok=True)
    for old in os.listdir(folder):
        if old.endswith(".h5") or old.endswith(".keras"):
            os.remove(os.path.join(folder, old))
    manifest = []
    for spec in module.CASES:
        for flavour in spec["flavours"]:
            stem = "%s_%s" % (spec["name"], flavour)
            mf.reset(stem)
            model = build(spec, flavour, stem)
            model_rel = "families/%s/%s.h5" % (family, stem)
            golden_rel = "families/%s/golden/%s.h5" % (family, stem)
            path = os.path.join(mf.FIXTURES, model_rel)
            model.save(path)
            recordings = []
            for index, shapes in enumerate(spec["sizes"] or [None]):
                specs = spec["inputs"] if shapes is None else [
                    (shape,) + tuple(rest[1:]) for shape, rest in zip(shapes, spec["inputs"])]
                rel = golden_rel if index == 0 else golden_rel[:-3] + "_size%d.h5" % index
                inputs = mf.make_inputs(stem if index == 0 else "%s_size%d" % (stem, index), specs)
                outputs = spec["golden"](model, inputs) if spec["golden"] else mf.run_golden(
                    model, inputs, spec["per_sample"])
                write_golden(os.path.join(mf.FIXTURES, rel), model_rel, inputs, outputs)
                recordings.append((rel, inputs, outputs))
            inputs, outputs = recordings[0][1], recordings[0][2]
            entry = {
                "file": model_rel,
                "golden": golden_rel,
                "flavour": flavour,
                "keras_version": mf.read_root_attr(path, "keras_version"),
                "python_version": mf.PYTHON,
                "description": spec["description"] or spec["source"],
                "inputs": [mf.input_entry(n, s) for n, s in zip(mf.input_names(model), spec["inputs"])],
                "lambdas": mf.lambda_entries(model),
                "weights_only": False,
                "count_params": int(model.count_params()),
                "output_shapes": [[None if d is None else int(d) for d in o.shape] for o in model.outputs],
            }
            if spec["per_sample"]:
                entry["per_sample"] = True
            if spec["sizes"]:
                entry["goldens"] = [rel for rel, _, _ in recordings]
            if spec["decompiled"]:
                for lambda_entry in entry["lambdas"]:
                    lambda_entry["decompiled"] = spec["decompiled"]
            mf.check_config_matches(path, entry)
            # Loaded back by its own Keras, the file must give the same outputs.
            if spec["golden"]:
                eager = mf.run_golden
                mf.run_golden = lambda reloaded, xs, per_sample=False: spec["golden"](reloaded, xs)
                try:
                    mf.verify_reload(entry, inputs, outputs)
                finally:
                    mf.run_golden = eager
            else:
                for _, recorded_inputs, recorded_outputs in recordings:
                    mf.verify_reload(entry, recorded_inputs, recorded_outputs)
            manifest.append(entry)
            print("  %s" % model_rel)
            if flavour == "keras3":
                manifest.append(save_archive(model, spec, entry, family, stem, inputs, outputs))
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        # A NumPy array in a Lambda's `arguments` is written as the nested list the file stores.
        json.dump(manifest, f, indent=1, sort_keys=True, default=lambda o: o.tolist())
        f.write("\n")


def save_archive(model, spec, entry, family, stem, inputs, outputs):
    """The model saved again as a `.keras` archive; its entry is the `.h5`'s with the file changed."""
    archive_rel = "families/%s/%s.keras" % (family, stem)
    model.save(os.path.join(mf.FIXTURES, archive_rel))
    archive = dict(entry, file=archive_rel, archive=True)
    if spec["golden"]:
        eager = mf.run_golden
        mf.run_golden = lambda reloaded, xs, per_sample=False: spec["golden"](reloaded, xs)
        try:
            mf.verify_reload(archive, inputs, outputs)
        finally:
            mf.run_golden = eager
    else:
        mf.verify_reload(archive, inputs, outputs)
    print("  %s" % archive_rel)
    return archive


if __name__ == "__main__":
    mf.src(mf.K3_EUCLIDEAN)  # verify_reload hands it to Keras 3 as a custom object
    for name in sys.argv[1:]:
        make_family(name)
