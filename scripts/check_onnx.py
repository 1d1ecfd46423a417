#!/usr/bin/env python3
"""Runs ONNX models written by `delambda convert` in onnxruntime and compares them with goldens.

Reads a JSON list on standard input (or from the file given as the only argument), one object
per model: {"name", "onnx", "golden", "whole_batch"}. The golden is a Fixtures golden .h5
(datasets input_0..., output_0...; the first axis is the batch). Each model is checked with
onnx.checker (full check, which runs ONNX's shape inference), then run one sample at a time, as
the Core ML tests do, and, when "whole_batch" is true, once more on the whole batch (the batch
dimension is symbolic). A job whose "golden" is null is checked and run on seeded random inputs
(a batch of 2), its outputs required to be finite: `RESULT <name> ok ran`.

Prints one line per model and exits 0 even when models miss (the caller judges):

    RESULT <name> ok <max error relative to the output's magnitude>
    RESULT <name> error <one-line reason>

The error is max|got - want| / max(1, max|want|) over every output and sample.
"""

import json
import sys


def main():
    try:
        import numpy as np
        import onnx
        import onnxruntime as ort
        import h5py
    except ImportError as error:
        print(f"SETUP missing Python package: {error.name} (run scripts/setup_python)")
        return 3
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    options = ort.SessionOptions()
    options.log_severity_level = 3
    for job in json.load(source):
        name = job["name"]
        try:
            model = onnx.load(job["onnx"])
            onnx.checker.check_model(model, full_check=True)
            session = ort.InferenceSession(job["onnx"], options, providers=["CPUExecutionProvider"])
            if job.get("golden") is None:
                rng = np.random.default_rng(0)
                feed = {
                    spec.name: rng.standard_normal(
                        [2 if not isinstance(d, int) else d for d in spec.shape]).astype(np.float32)
                    for spec in session.get_inputs()
                }
                if not all(np.isfinite(output).all() for output in session.run(None, feed)):
                    raise ValueError("outputs that are not finite")
                print(f"RESULT {name} ok ran")
                sys.stdout.flush()
                continue
            with h5py.File(job["golden"], "r") as golden:
                inputs = [golden[f"input_{i}"][()] for i in range(len(session.get_inputs()))]
                outputs = [golden[f"output_{i}"][()] for i in range(len(session.get_outputs()))]
            worst = 0.0
            batch = inputs[0].shape[0]
            windows = [(sample, sample + 1) for sample in range(batch)]
            if job.get("whole_batch"):
                windows.append((0, batch))
            for start, stop in windows:
                feed = {
                    spec.name: value[start:stop].astype(np.float32)
                    for spec, value in zip(session.get_inputs(), inputs)
                }
                got = session.run(None, feed)
                for produced, expected in zip(got, outputs):
                    want = expected[start:stop]
                    if produced.size != want.size:
                        raise ValueError(f"output shape {list(produced.shape)}, TensorFlow {list(want.shape)}")
                    scale = max(1.0, float(np.abs(want).max()) if want.size else 1.0)
                    difference = np.abs(produced.reshape(want.shape).astype(np.float64) - want)
                    error = float(difference.max()) / scale if want.size else 0.0
                    if np.isnan(error):
                        error = float("inf")
                    worst = max(worst, error)
            print(f"RESULT {name} ok {worst:.3e}")
        except Exception as error:  # one line per model, whatever went wrong
            reason = " ".join(str(error).split())[:400]
            print(f"RESULT {name} error {type(error).__name__}: {reason}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
