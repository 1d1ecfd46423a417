#!/usr/bin/env python3
"""Hand-run proof that Keras accepts what `delambda rewrite` writes (not run by CI or tests).

For every fixture of Fixtures/manifest.json with golden outputs, this script

1. runs `delambda rewrite` on it twice (the binary from `swift build`): once for Keras 2
   (`--flavour keras2`, tf.keras config shapes) and once for Keras 3 (`--flavour keras3`),
2. loads the Keras 2 rewrite with tf_keras and the Keras 3 rewrite with Keras 3, both in safe
   mode, in a Python other than the one that wrote the fixtures (3.11): run it with e.g.
   /work/venv-keras312,
3. feeds the golden inputs (one sample at a time where the manifest says `per_sample`) and
   compares the outputs with the golden outputs (bar: 1e-5),
4. as a control, loads the ORIGINAL file the same way: its marshaled Lambdas must be refused.
5. also rewrites it to a Keras 3 `.keras` archive (`-o OUT.keras`) and loads that with
   Keras 3 in safe mode (`keras.models.load_model(path, safe_mode=True)`) against the goldens;
   the fixtures that are themselves `.keras` archives (every Keras 3 family model has one) go
   through all three rewrites.

Where delambda cannot write a flavour (a Keras 3 model for tf.keras, a layer Keras 3 has no safe
form for), the row shows its exit code and its per-layer reasons.

tf_keras's `load_model(..., safe_mode=True)` does not pass safe mode on to the legacy .h5
loader, so the tf_keras worker also enters `SafeModeScope(True)` itself: in that scope a Lambda
holding bytecode is refused, which the control row shows.

Results go to Fixtures/keras_check.json and a table in Fixtures/keras_check.md; with
`--family NAME`, the fixtures of Fixtures/families/NAME/manifest.json are checked instead and the
results go beside that manifest. `--predict` runs the models with `predict` (a graph) instead of
an eager call: the channels_first family's goldens are made so, since TensorFlow 2.21's eager NCHW
convolution on the CPU can be wrong (see Fixtures/generate/families/channels_first.py).

    swift build && /work/venv-keras312/bin/python scripts/check_keras.py
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Fixtures")
BAR = 1e-5
# The rewrites made of every fixture: an .h5 for each flavour, and a Keras 3 .keras archive.
TARGETS = ["keras2", "keras3", "archive"]
# Options a fixture needs to be rewritten at all (the same as the Swift tests use).
DEFINES = {"models/global_scale.h5": ["SCALE=0.5"]}


def rewrite_all(delambda, folder, manifest):
    """Rewrites every fixture with golden outputs for both flavours; returns one row per fixture."""
    rows = []
    for entry in json.load(open(manifest)):
        if not entry.get("golden") or entry.get("weights_only"):
            continue
        source = os.path.join(FIXTURES, entry["file"])
        extra = []
        for define in DEFINES.get(entry["file"], []):
            extra += ["--define", define]
        if any(l.get("payload") == "named" for l in entry["lambdas"]):
            module = os.path.join(folder, "functions.py")
            with open(module, "w") as handle:
                handle.write("import keras\nfrom keras import ops\n\n")
                for lambda_entry in entry["lambdas"]:
                    handle.write(lambda_entry["source"] + "\n\n")
            extra += ["--function-source", module]
        row = {
            "file": entry["file"],
            "flavour": entry["flavour"],
            "golden": os.path.join(FIXTURES, entry["golden"]),
            "per_sample": bool(entry.get("per_sample")),
            "original": source,
            "rewritten": {},
            "rewrite_exit": {},
            "rewrite_output": {},
        }
        for target in TARGETS:
            stem = os.path.splitext(os.path.basename(entry["file"]))[0]
            output = os.path.join(folder, target, stem + (".keras" if target == "archive" else ".h5"))
            os.makedirs(os.path.dirname(output), exist_ok=True)
            flavour = [] if target == "archive" else ["--flavour", target]
            command = [delambda, "rewrite", source, "-o", output] + flavour + extra
            result = subprocess.run(command, capture_output=True, text=True)
            row["rewritten"][target] = output if result.returncode == 0 else None
            row["rewrite_exit"][target] = result.returncode
            row["rewrite_output"][target] = (result.stdout + result.stderr).strip()
        rows.append(row)
    return rows


def worker(flavour, rows_path, predict=False):
    """Loads every file of the rows with one Keras flavour; prints a JSON list of results."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import contextlib
    import h5py
    import numpy as np

    if flavour == "tf_keras":
        import tf_keras as keras_module
        from tf_keras.src.saving.serialization_lib import SafeModeScope

        def load(path):
            with SafeModeScope(True):
                return keras_module.models.load_model(path, compile=False, safe_mode=True)
    else:
        import keras as keras_module

        def load(path):
            return keras_module.models.load_model(path, compile=False, safe_mode=True)

    def golden(path):
        with h5py.File(path, "r") as handle:
            inputs, outputs = [], []
            while f"input_{len(inputs)}" in handle:
                inputs.append(handle[f"input_{len(inputs)}"][()])
            while f"output_{len(outputs)}" in handle:
                outputs.append(handle[f"output_{len(outputs)}"][()])
        return inputs, outputs

    def run(model, inputs, per_sample):
        if predict:
            got = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
            return got if isinstance(got, (list, tuple)) else [got]
        if not per_sample:
            got = model(inputs if len(inputs) > 1 else inputs[0], training=False)
            return got if isinstance(got, (list, tuple)) else [got]
        samples = []
        for index in range(inputs[0].shape[0]):
            one = [x[index:index + 1] for x in inputs]
            got = model(one if len(one) > 1 else one[0], training=False)
            samples.append([np.asarray(g) for g in (got if isinstance(got, (list, tuple)) else [got])])
        return [np.concatenate([sample[k] for sample in samples]) for k in range(len(samples[0]))]

    def attempt(path, golden_path, per_sample):
        try:
            with contextlib.redirect_stdout(sys.stderr):
                model = load(path)
        except Exception as error:  # noqa: BLE001 - every refusal is a result
            return {"loaded": False, "error": f"{type(error).__name__}: {str(error)[:300]}"}
        inputs, expected = golden(golden_path)
        try:
            got = run(model, inputs, per_sample)
        except Exception as error:  # noqa: BLE001
            return {"loaded": True, "ran": False, "error": f"{type(error).__name__}: {str(error)[:300]}"}
        errors = [float(np.max(np.abs(np.asarray(g, dtype=np.float64) - e))) for g, e in zip(got, expected)]
        shapes_match = len(got) == len(expected) and all(
            tuple(np.shape(g)) == tuple(e.shape) for g, e in zip(got, expected))
        result = {"loaded": True, "ran": True, "shapes_match": shapes_match,
                  "max_abs_error": max(errors) if errors else None}
        result["classes"] = sorted({type(layer).__name__ for layer in model.layers})
        return result

    rows = json.load(open(rows_path))
    results = []
    for row in rows:
        result = {"file": row["file"]}
        target = "keras2" if flavour == "tf_keras" else "keras3"
        if row["rewritten"][target]:
            result["rewritten"] = attempt(row["rewritten"][target], row["golden"], row["per_sample"])
        if flavour == "keras3" and row["rewritten"]["archive"]:
            result["archive"] = attempt(row["rewritten"]["archive"], row["golden"], row["per_sample"])
        result["original"] = attempt(row["original"], row["golden"], row["per_sample"])
        results.append(result)
    version = keras_module.__version__
    print(json.dumps({"flavour": flavour, "version": version, "results": results}))


def verdict(result):
    if result is None:
        return "not rewritten"
    if not result.get("loaded"):
        return "refused"
    if not result.get("ran"):
        return "loaded, call failed"
    ok = result["shapes_match"] and result["max_abs_error"] is not None and result["max_abs_error"] <= BAR
    return f"{'ok' if ok else 'MISMATCH'} {result['max_abs_error']:.2e}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delambda", default=os.path.join(ROOT, ".build", "debug", "delambda"))
    parser.add_argument("--worker", choices=["tf_keras", "keras3"], help=argparse.SUPPRESS)
    parser.add_argument("--rows", help=argparse.SUPPRESS)
    parser.add_argument("--family", help="check Fixtures/families/FAMILY instead of Fixtures/manifest.json")
    parser.add_argument("--predict", action="store_true",
                        help="run models with predict (a graph) rather than an eager call, as families whose "
                             "goldens were made so (channels_first) need")
    args = parser.parse_args()
    results = os.path.join(FIXTURES, "families", args.family) if args.family else FIXTURES
    if args.worker:
        worker(args.worker, args.rows, args.predict)
        return
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    if python == "3.11":
        print("warning: the fixtures were written by Python 3.11; run this with another Python", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="delambda-keras-check-") as folder:
        rows = rewrite_all(args.delambda, folder, os.path.join(results, "manifest.json"))
        rows_path = os.path.join(folder, "rows.json")
        json.dump(rows, open(rows_path, "w"))
        flavours = {}
        for flavour in ["tf_keras", "keras3"]:
            run = subprocess.run([sys.executable, __file__, "--worker", flavour, "--rows", rows_path]
                                 + (["--predict"] if args.predict else []),
                                 capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"{flavour} worker failed:\n{run.stderr[-3000:]}")
            flavours[flavour] = json.loads(run.stdout.strip().splitlines()[-1])
    report = {
        "python": platform.python_version(),
        "bar": BAR,
        "keras_versions": {name: data["version"] for name, data in flavours.items()},
        "files": [],
    }
    for index, row in enumerate(rows):
        file_report = {key: row[key] for key in ["file", "flavour", "rewrite_exit", "rewrite_output"]}
        for name, data in flavours.items():
            file_report[name] = data["results"][index]
        report["files"].append(file_report)
    with open(os.path.join(results, "keras_check.json"), "w") as handle:
        json.dump(report, handle, indent=1, sort_keys=False)
        handle.write("\n")
    lines = [
        "# Keras check of `delambda rewrite` (hand-run: scripts/check_keras.py)",
        "",
        f"Python {report['python']}; tf_keras {report['keras_versions'].get('tf_keras')}, "
        f"Keras {report['keras_versions'].get('keras3')}; both loaded in safe mode; bar {BAR}. "
        "Columns: `rewrite --flavour keras2` loaded by tf_keras, `rewrite --flavour keras3` loaded by "
        "Keras 3, `rewrite -o OUT.keras` loaded by Keras 3, then (control) the original file in each.",
        "",
        "| fixture | written by | tf_keras: keras2 rewrite | Keras 3: keras3 rewrite | Keras 3: .keras rewrite "
        "| tf_keras original | Keras 3 original |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in report["files"]:
        cells = []
        for worker_name, target, key in [("tf_keras", "keras2", "rewritten"), ("keras3", "keras3", "rewritten"),
                                         ("keras3", "archive", "archive")]:
            exit_code = item["rewrite_exit"][target]
            cells.append(verdict(item[worker_name].get(key)) if exit_code == 0 else f"not written (exit {exit_code})")
        lines.append(
            f"| {item['file']} | {item['flavour']} | {cells[0]} | {cells[1]} | {cells[2]} "
            f"| {verdict(item['tf_keras']['original'])} | {verdict(item['keras3']['original'])} |")
    refusals = [(item["file"], target, item["rewrite_output"][target]) for item in report["files"]
                for target in TARGETS if item["rewrite_exit"][target] != 0]
    if refusals:
        lines += ["", "## Not written, with delambda's reasons", ""]
        for file, target, output in refusals:
            lines.append(f"- {file} for {target}: {output.splitlines()[-1] if output else ''}")
    notes = [(item["file"], target, line) for item in report["files"] for target in TARGETS
             for line in item["rewrite_output"][target].splitlines() if line.startswith("note: ")]
    if notes:
        lines += ["", "## Notes of written files (weights stored changed for the other flavour)", ""]
        for file, target, line in notes:
            lines.append(f"- {file} for {target}: {line[len('note: '):]}")
    with open(os.path.join(results, "keras_check.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
