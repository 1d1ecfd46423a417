#!/usr/bin/env python3
"""Hand-run check (never in CI) that the .mlpackage files delambda writes are what coremltools reads.

Converts every fixture with golden outputs to an ML Program package, in float16 and in float32,
plus two classifiers (string and whole-number labels), with the debug `delambda`. Then, with
coremltools 9 installed in a virtual environment, for each package:

1. `ct.models.MLModel(path, skip_model_load=True)` reads it (the manifest, the spec);
2. the spec is an ML Program whose inputs and outputs match the program's `main` function;
3. coremltools' own MIL loader (`milproto.load`) rebuilds the program in its program
   representation, reading every blob of weight.bin; building each operation runs that op's
   type inference, so every op's inputs, attributes and output types are checked.

On Linux coremltools cannot compile or run a model; the numbers are checked by the Swift
reference evaluator against TensorFlow's goldens (MLProgramGoldenTests) instead.

Usage: /work/venv-ct/bin/python scripts/check_mlpackage.py [--report FILE.md] [PACKAGE.mlpackage ...]
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys
import tempfile

import coremltools as ct
from coremltools.converters.mil.frontend.milproto.load import load as load_mil_program

ROOT = pathlib.Path(__file__).resolve().parent.parent
DELAMBDA = ROOT / ".build" / "debug" / "delambda"


def convert(model, folder, suffix, extra):
    """Converts one manifest entry; returns the package path, or None with the reason printed."""
    output = folder / (pathlib.Path(model["file"]).stem + suffix + ".mlpackage")
    arguments = [str(DELAMBDA), "convert", str(ROOT / "Fixtures" / model["file"]), "-o", str(output)] + extra
    if model["file"].endswith("global_scale.h5"):
        arguments += ["--define", "SCALE=0.5"]
    if any(l.get("payload") == "named" for l in model["lambdas"]):
        source = folder / "functions.py"
        source.write_text("import keras\nfrom keras import ops\n\n" + model["lambdas"][0]["source"] + "\n")
        arguments += ["--function-source", str(source)]
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "exit %d" % result.returncode
    return output, None


def converted_fixtures(folder):
    manifests = [ROOT / "Fixtures" / "manifest.json"] + sorted((ROOT / "Fixtures" / "families").glob("*/manifest.json"))
    manifest = [entry for path in manifests for entry in json.loads(path.read_text())]
    packages, skipped = [], []
    for model in manifest:
        if model.get("weights_only") or model.get("golden") is None or model.get("random"):
            continue
        for precision in ["float16", "float32"]:
            path, reason = convert(model, folder, "_" + precision, ["--precision", precision])
            (packages.append(path) if path else skipped.append((model["file"], precision, reason)))
    image = {"file": "models/lambda_image.h5", "lambdas": []}
    for name, text in [("labels.txt", "cat\ndog\nbird\nfish\n"), ("labels.json", "[10, 20, 30, 40]")]:
        labels = folder / name
        labels.write_text(text)
        path, reason = convert(image, folder, "_classifier_" + labels.suffix[1:], ["--class-labels", str(labels)])
        (packages.append(path) if path else skipped.append((image["file"], name, reason)))
    return packages, skipped


def check(path):
    """Returns (ok, op counts, message)."""
    try:
        model = ct.models.MLModel(str(path), skip_model_load=True)
        spec = model.get_spec()
    except Exception as error:  # noqa: BLE001 - report whatever coremltools raises
        return False, {}, "MLModel refused it: %s" % error
    if spec.WhichOneof("Type") != "mlProgram":
        return False, {}, "not an ML Program: %s" % spec.WhichOneof("Type")
    main = spec.mlProgram.functions["main"]
    block = main.block_specializations[main.opset]
    if [i.name for i in main.inputs] != [f.name for f in spec.description.input]:
        return False, {}, "inputs differ between the description and main"
    if list(block.outputs) != [f.name for f in spec.description.output]:
        return False, {}, "outputs differ between the description and main"
    weights = path / "Data" / "com.apple.CoreML" / "weights"
    try:
        program = load_mil_program(spec, spec.specificationVersion, str(weights))
    except Exception as error:  # noqa: BLE001
        return False, {}, "coremltools' MIL loader refused it: %s: %s" % (type(error).__name__, error)
    counts = collections.Counter(op.op_type for op in program.functions["main"].operations)
    classifier = ""
    if spec.description.predictedFeatureName:
        classifier = ", classifier (%s, %s)" % (spec.description.predictedFeatureName,
                                                 spec.description.predictedProbabilitiesName)
    return True, counts, "spec %d, opset %s, %d ops%s" % (
        spec.specificationVersion, main.opset, sum(counts.values()), classifier)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("packages", nargs="*")
    parser.add_argument("--report", help="write a Markdown summary here")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        skipped = []
        paths = [pathlib.Path(p) for p in arguments.packages]
        if not paths:
            paths, skipped = converted_fixtures(pathlib.Path(folder))
        rows, totals = [], collections.Counter()
        for path in paths:
            ok, counts, message = check(path)
            totals.update(counts)
            rows.append((path.name, ok, message))
            print("%s: %s%s" % (path.name, "ok, " if ok else "FAILED: ", message))
    passed = sum(1 for _, ok, _ in rows if ok)
    summary = "%d/%d packages read by coremltools %s and loaded into its MIL program representation" % (
        passed, len(rows), ct.__version__)
    print(summary)
    for file, variant, reason in skipped:
        print("not converted: %s (%s): %s" % (file, variant, reason))
    if arguments.report:
        lines = [
            "# ML Program packages read by coremltools",
            "",
            "Made by `scripts/check_mlpackage.py --report` (hand-run, outside CI): every fixture with",
            "golden outputs converted to `.mlpackage` in float16 and float32, and two classifiers; each",
            "read by `ct.models.MLModel(path, skip_model_load=True)` and loaded by coremltools' MIL",
            "loader, which type-checks every operation.",
            "",
            "**%s.**" % summary,
            "",
            "Operation types across all packages: " + ", ".join(
                "`%s` %d" % (name, count) for name, count in sorted(totals.items())),
            "",
            "| package | result |",
            "|---|---|",
        ] + ["| %s | %s%s |" % (name, "ok: " if ok else "**failed**: ", message.replace("|", "\\|"))
             for name, ok, message in rows]
        if skipped:
            lines += ["", "Not converted to packages (refused by `convert`, as the tests expect):", ""]
            lines += ["- %s (%s): %s" % item for item in skipped]
        pathlib.Path(arguments.report).write_text("\n".join(lines) + "\n")
    sys.exit(0 if passed == len(rows) else 1)


if __name__ == "__main__":
    main()
