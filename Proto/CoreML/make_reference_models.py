#!/usr/bin/env python3
"""Check our Core ML .proto subset against coremltools and write the reference models of CoreMLSpecTests.

Run by hand from the repository root (never by CI), with coremltools in a venv outside the repository:

    python3.11 -m venv /work/venv-coreml && /work/venv-coreml/bin/pip install coremltools
    /work/venv-coreml/bin/python Proto/CoreML/make_reference_models.py

It
  1. compiles Proto/CoreML/*.proto with protoc and checks every message, field (name, number, type,
     label, oneof) and enum value we declare against the descriptors coremltools ships for Apple's
     specification: our files may leave things out, never differ;
  2. writes Fixtures/coreml/reference_classic.mlmodel (rank-5 layers, an image input, preprocessing)
     and Fixtures/coreml/reference_nd.mlmodel (spec 4: add, innerProduct, ReLU, sliceStatic), both
     with coremltools' NeuralNetworkBuilder and seeded weights, so reruns are byte-identical;
  3. loads Fixtures/coreml/swift_twin.mlmodel, the twin of reference_nd that the Swift tests build
     (written by `DELAMBDA_RECORD=1 swift test --filter CoreMLSpecTests`), with coremltools and
     checks that it equals the reference spec.

coremltools cannot compile or run models on Linux; there, loading means parsing the spec with
coremltools' own protobuf classes and building an MLModel object from it.
"""
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

warnings.filterwarnings("ignore")

import coremltools as ct  # noqa: E402
from coremltools.models import datatypes  # noqa: E402
from coremltools.models.neural_network import NeuralNetworkBuilder  # noqa: E402
from coremltools.models.utils import load_spec, save_spec  # noqa: E402
from coremltools.proto import Model_pb2  # noqa: E402
from google.protobuf import descriptor_pb2  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROTO_DIR = ROOT / "Proto" / "CoreML"
OUT_DIR = ROOT / "Fixtures" / "coreml"
PACKAGE = "CoreML.Specification"


# --- 1. schema check -------------------------------------------------------------------------

def our_descriptors():
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ours.pb"
        protos = sorted(str(p.name) for p in PROTO_DIR.glob("*.proto"))
        subprocess.run(
            ["protoc", f"--proto_path={PROTO_DIR}", f"--descriptor_set_out={out}", *protos], check=True)
        files = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    return files.file


def check_enum(ours, full_name, pool, problems):
    try:
        theirs = pool.FindEnumTypeByName(full_name)
    except KeyError:
        problems.append(f"enum {full_name}: not in Apple's specification")
        return 0
    for value in ours.value:
        apple = theirs.values_by_name.get(value.name)
        if apple is None or apple.number != value.number:
            problems.append(f"enum {full_name}.{value.name} = {value.number}: Apple has "
                            f"{apple.number if apple else 'no such value'}")
    return len(ours.value)


def check_message(ours, full_name, pool, problems, counts):
    try:
        theirs = pool.FindMessageTypeByName(full_name)
    except KeyError:
        problems.append(f"message {full_name}: not in Apple's specification")
        return
    counts["messages"] += 1
    for field in ours.field:
        where = f"{full_name}.{field.name} = {field.number}"
        apple = theirs.fields_by_name.get(field.name)
        if apple is None:
            problems.append(f"{where}: Apple has no such field")
            continue
        counts["fields"] += 1
        if apple.number != field.number:
            problems.append(f"{where}: Apple's number is {apple.number}")
        if apple.type != field.type:
            problems.append(f"{where}: type {field.type}, Apple's is {apple.type}")
        if apple.is_repeated != (field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED):
            problems.append(f"{where}: repeated differs")
        apple_type = apple.message_type or apple.enum_type
        if (apple_type.full_name if apple_type else "") != field.type_name.lstrip("."):
            problems.append(f"{where}: type name {field.type_name}, Apple's is "
                            f"{apple_type.full_name if apple_type else '(scalar)'}")
        our_oneof = ours.oneof_decl[field.oneof_index].name if field.HasField("oneof_index") else None
        apple_oneof = apple.containing_oneof.name if apple.containing_oneof else None
        if our_oneof != apple_oneof:
            problems.append(f"{where}: oneof {our_oneof}, Apple's is {apple_oneof}")
    for enum in ours.enum_type:
        counts["enum values"] += check_enum(enum, f"{full_name}.{enum.name}", pool, problems)
    for nested in ours.nested_type:
        check_message(nested, f"{full_name}.{nested.name}", pool, problems, counts)


def check_schema():
    pool = Model_pb2.DESCRIPTOR.pool
    problems = []
    counts = {"messages": 0, "fields": 0, "enum values": 0}
    for file in our_descriptors():
        if file.package != PACKAGE:
            problems.append(f"{file.name}: package {file.package}, expected {PACKAGE}")
        for enum in file.enum_type:
            counts["enum values"] += check_enum(enum, f"{PACKAGE}.{enum.name}", pool, problems)
        for message in file.message_type:
            check_message(message, f"{PACKAGE}.{message.name}", pool, problems, counts)
    if problems:
        print("schema: our .proto files differ from coremltools' specification:")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print(f"schema: {counts['messages']} messages, {counts['fields']} fields, {counts['enum values']} enum "
          f"values all match coremltools {ct.__version__}")


# --- 2. reference models ---------------------------------------------------------------------

def seeded(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def reference_classic():
    """Rank-5 layers on a 3x8x8 image: conv, batchnorm, leaky ReLU, max pool, flatten, dense, softmax."""
    rng = np.random.default_rng(5)
    builder = NeuralNetworkBuilder(
        [("image", datatypes.Array(3, 8, 8))], [("probabilities", datatypes.Array(3))], use_float_arraytype=True)
    builder.add_convolution(
        "conv", kernel_channels=3, output_channels=2, height=3, width=3, stride_height=1, stride_width=1,
        border_mode="same", groups=1, W=seeded(rng, 3, 3, 3, 2), b=seeded(rng, 2), has_bias=True,
        input_name="image", output_name="conv_out")
    builder.add_batchnorm(
        "bn", channels=2, gamma=seeded(rng, 2), beta=seeded(rng, 2), mean=seeded(rng, 2),
        variance=np.abs(seeded(rng, 2)) + 0.5, input_name="conv_out", output_name="bn_out", epsilon=1e-3)
    builder.add_activation("leaky", "LEAKYRELU", "bn_out", "leaky_out", params=[0.1])
    builder.add_pooling(
        "pool", height=2, width=2, stride_height=2, stride_width=2, layer_type="MAX", padding_type="VALID",
        input_name="leaky_out", output_name="pool_out")
    builder.add_flatten("flatten", mode=0, input_name="pool_out", output_name="flat")
    builder.add_inner_product(
        "dense", W=seeded(rng, 3, 32), b=seeded(rng, 3), input_channels=32, output_channels=3, has_bias=True,
        input_name="flat", output_name="logits")
    builder.add_softmax("softmax", "logits", "probabilities")
    builder.set_pre_processing_parameters(
        image_input_names=["image"], red_bias=-1.0, green_bias=-1.0, blue_bias=-1.0, image_scale=2.0 / 255.0)
    spec = builder.spec
    spec.description.metadata.shortDescription = "CoreMLSpecTests reference: rank-5 layers"
    return spec


def reference_nd():
    """Spec 4, exact shapes: y = relu(dense(a + b))[1:3]. Its Swift twin is built by CoreMLSpecTests."""
    builder = NeuralNetworkBuilder(
        [("a", datatypes.Array(3)), ("b", datatypes.Array(3))], [("y", datatypes.Array(2))],
        disable_rank5_shape_mapping=True, use_float_arraytype=True)
    builder.add_elementwise("sum", ["a", "b"], "sum_out", mode="ADD")
    weights = (np.arange(12, dtype=np.float32).reshape(4, 3) - 6.0) / 4.0
    builder.add_inner_product(
        "dense", W=weights, b=np.array([0.5, -0.5, 1.0, -1.0], dtype=np.float32), input_channels=3,
        output_channels=4, has_bias=True, input_name="sum_out", output_name="dense_out")
    builder.add_activation("relu", "RELU", "dense_out", "relu_out")
    builder.add_slice_static(
        "slice", "relu_out", "y", begin_ids=[1], end_ids=[3], strides=[1], begin_masks=[False],
        end_masks=[False])
    spec = builder.spec
    metadata = spec.description.metadata
    metadata.shortDescription = "CoreMLSpecTests reference: add, innerProduct, ReLU, sliceStatic"
    metadata.author = "delambda"
    metadata.userDefined["made_by"] = "NeuralNetworkBuilder"
    return spec


def describe(spec):
    nn = spec.neuralNetwork
    layers = ", ".join(f"{layer.name}:{layer.WhichOneof('layer')}" for layer in nn.layers)
    inputs = ", ".join(f"{f.name}:{f.type.WhichOneof('Type')}" for f in spec.description.input)
    return f"spec {spec.specificationVersion}, inputs [{inputs}], layers [{layers}]"


def write_references():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    specs = {"reference_classic": reference_classic(), "reference_nd": reference_nd()}
    for name, spec in specs.items():
        path = OUT_DIR / f"{name}.mlmodel"
        save_spec(spec, str(path))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes): {describe(spec)}")
    return specs


# --- 3. the Swift twin -----------------------------------------------------------------------

def check_swift_twin(reference):
    path = OUT_DIR / "swift_twin.mlmodel"
    if not path.exists():
        print(f"{path.relative_to(ROOT)} missing: run `DELAMBDA_RECORD=1 swift test --filter CoreMLSpecTests`")
        return
    spec = load_spec(str(path))
    print(f"coremltools load_spec({path.relative_to(ROOT)}): {describe(spec)}")
    model = ct.models.MLModel(spec)
    print(f"coremltools MLModel: inputs {[f.name for f in model.get_spec().description.input]}, "
          f"outputs {[f.name for f in model.get_spec().description.output]}, "
          f"short description {model.short_description!r}")
    if spec != reference:
        print("swift twin differs from coremltools' reference_nd spec")
        sys.exit(1)
    same_bytes = path.read_bytes() == (OUT_DIR / "reference_nd.mlmodel").read_bytes()
    print(f"swift twin equals coremltools' reference_nd spec (byte-identical file: {same_bytes})")


if __name__ == "__main__":
    os.chdir(ROOT)
    check_schema()
    specs = write_references()
    check_swift_twin(specs["reference_nd"])
