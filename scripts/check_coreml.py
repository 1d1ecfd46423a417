#!/usr/bin/env python3
"""Hand-run check (never in CI) that the .mlmodel files delambda writes are what coremltools reads.

Converts every fixture with `delambda convert` (or takes .mlmodel paths as arguments), then, with
coremltools installed in a virtual environment, parses each spec, checks the specification version,
inputs and outputs, lets coremltools' own validator walk the neural network, and wraps it in an
MLModel (on Linux coremltools cannot compile or predict; predictions are checked by the Swift
reference evaluator against TensorFlow's golden outputs instead).

Usage: /path/to/venv-with-coremltools/bin/python scripts/check_coreml.py [MODEL.mlmodel ...]
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import coremltools as ct
from coremltools.models import utils

ROOT = pathlib.Path(__file__).resolve().parent.parent


def converted_fixtures(folder: pathlib.Path) -> list:
    manifest = json.loads((ROOT / "Fixtures" / "manifest.json").read_text())
    delambda = ROOT / ".build" / "debug" / "delambda"
    outputs = []
    for model in manifest:
        if model.get("weights_only") or model.get("golden") is None:
            continue
        output = folder / (pathlib.Path(model["file"]).stem + ".mlmodel")
        arguments = [str(delambda), "convert", str(ROOT / "Fixtures" / model["file"]), "-o", str(output)]
        if model["file"].endswith("global_scale.h5"):
            arguments += ["--define", "SCALE=0.5"]
        if any(l.get("payload") == "named" for l in model["lambdas"]):
            source = folder / "functions.py"
            source.write_text("import keras\nfrom keras import ops\n\n" + model["lambdas"][0]["source"] + "\n")
            arguments += ["--function-source", str(source)]
        result = subprocess.run(arguments, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"{model['file']}: not converted: {result.stderr.strip()}")
            continue
        outputs.append(output)
    # A classifier of each label kind and a model with float16 weights.
    image = ROOT / "Fixtures" / "models" / "lambda_image.h5"
    for name, text in [("labels.txt", "cat\ndog\nbird\nfish\n"), ("labels.json", "[10, 20, 30, 40]")]:
        labels = folder / name
        labels.write_text(text)
        output = folder / f"lambda_image_classifier_{labels.suffix[1:]}.mlmodel"
        subprocess.run([str(delambda), "convert", str(image), "-o", str(output), "--class-labels", str(labels)], check=True)
        outputs.append(output)
    output = folder / "conv_variants_float16.mlmodel"
    subprocess.run([str(delambda), "convert", str(ROOT / "Fixtures" / "models" / "conv_variants.h5"), "-o", str(output),
                    "--precision", "float16"], check=True)
    outputs.append(output)
    return outputs


def check(path: pathlib.Path) -> bool:
    spec = ct.utils.load_spec(str(path))
    network = spec.neuralNetworkClassifier if spec.WhichOneof("Type") == "neuralNetworkClassifier" else spec.neuralNetwork
    kinds = sorted({layer.WhichOneof("layer") for layer in network.layers})
    try:
        ct.models.MLModel(spec)
    except Exception as error:  # noqa: BLE001 - report whatever coremltools raises
        print(f"{path.name}: coremltools refused it: {error}")
        return False
    inputs = [(f.name, list(f.type.multiArrayType.shape)) for f in spec.description.input]
    outputs = [(f.name, f.type.WhichOneof("Type"), list(f.type.multiArrayType.shape)) for f in spec.description.output]
    halved = sum(1 for layer in network.layers if "float16Value" in str(layer))
    print(f"{path.name}: spec {spec.specificationVersion}, {spec.WhichOneof('Type')}, {len(network.layers)} layers "
          f"({halved} with float16 weights) {kinds}, inputs {inputs}, outputs {outputs}: ok")
    return True


def main() -> None:
    paths = [pathlib.Path(p) for p in sys.argv[1:]]
    with tempfile.TemporaryDirectory() as folder:
        if not paths:
            paths = converted_fixtures(pathlib.Path(folder))
        results = [check(path) for path in paths]
    print(f"{sum(results)}/{len(results)} models read and accepted by coremltools {ct.__version__}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
