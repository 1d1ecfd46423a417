"""Make Fixtures/hostile/: model files that point outside themselves or lie about their data.

Run by hand from the repository root (never by CI) with any Python that has h5py and numpy (no
TensorFlow needed):

    python3 -m venv /work/venv-h5 && /work/venv-h5/bin/pip install h5py numpy
    /work/venv-h5/bin/python Fixtures/generate/make_hostile_fixtures.py

Each file is a copy of Fixtures/models/seed_examples.h5 (a Dense layer with kernel (4, 2) and
bias (2,), and two Lambdas) with one thing changed. libhdf5 would follow each of them silently.
"""
import json
import os
import shutil

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(ROOT, "Fixtures", "models", "seed_examples.h5")
OUT = os.path.join(ROOT, "Fixtures", "hostile")
KERNEL = "model_weights/dense/dense/kernel:0"


def variant(name, change):
    path = os.path.join(OUT, name)
    shutil.copyfile(SOURCE, path)
    with h5py.File(path, "r+") as f:
        kernel = f[KERNEL][()]
        del f[KERNEL]
        change(f, kernel)
    print("wrote", os.path.relpath(path, ROOT))


def main():
    os.makedirs(OUT, exist_ok=True)
    kernel = h5py.File(SOURCE, "r")[KERNEL][()]

    # The other file the links and mappings point at: a plausible kernel, so that a reader that
    # follows them converts without complaint.
    with h5py.File(os.path.join(OUT, "external_target.h5"), "w") as f:
        f["data"] = kernel
    # Raw bytes for external storage, resolved by libhdf5 relative to the working directory.
    kernel.astype("<f4").tofile(os.path.join(OUT, "external_secret.bin"))

    variant("external_link.h5", lambda f, k: f.__setitem__(KERNEL, h5py.ExternalLink("external_target.h5", "/data")))

    def external_storage(f, k):
        f.create_dataset(KERNEL, shape=k.shape, dtype="<f4", external=[("external_secret.bin", 0, k.nbytes)])

    variant("external_storage.h5", external_storage)

    def virtual(f, k):
        layout = h5py.VirtualLayout(shape=k.shape, dtype="<f4")
        layout[:] = h5py.VirtualSource("external_target.h5", "data", shape=k.shape)
        f.create_virtual_dataset(KERNEL, layout)

    variant("virtual_dataset.h5", virtual)

    def soft_escape(f, k):
        f["stolen"] = k
        f[KERNEL] = h5py.SoftLink("/stolen")

    variant("soft_link_escape.h5", soft_escape)

    def huge(f, k):
        # 2^20 x 2^20 float32, chunked and never written: 4 TiB declared, nothing stored.
        f.create_dataset(KERNEL, shape=(2**20, 2**20), dtype="<f4", chunks=(64, 64))

    variant("huge_declared.h5", huge)

    def compressed_bomb(f, k):
        # 2^17 x 2^17 float32 (64 GiB) compressed; one chunk written, so it stores a few bytes.
        dataset = f.create_dataset(
            KERNEL, shape=(2**17, 2**17), dtype="<f4", chunks=(64, 64), compression="gzip", fillvalue=0)
        dataset[0:4, 0:2] = k

    variant("compressed_bomb.h5", compressed_bomb)

    def unwritten(f, k):
        f.create_dataset(KERNEL, shape=k.shape, dtype="<f4", chunks=k.shape)

    variant("unwritten_kernel.h5", unwritten)

    # The kernel stored transposed, (2, 4) for a Dense of 2 units reading 4 features.
    variant("transposed_kernel.h5", lambda f, k: f.__setitem__(KERNEL, np.ascontiguousarray(k.T)))

    # A nested model's Dense (siamese_l1's base_dense1, reading 5 features) stored as reading 3.
    narrow = os.path.join(OUT, "wrong_input_width.h5")
    shutil.copyfile(os.path.join(ROOT, "Fixtures", "models", "siamese_l1.h5"), narrow)
    with h5py.File(narrow, "r+") as f:
        name = "model_weights/base/base_dense1/kernel:0"
        kernel = f[name][()]
        del f[name]
        f[name] = kernel[:3]
    print("wrote", os.path.relpath(narrow, ROOT))

    # The Dense layer's whole weight group deleted (layer_names still lists it).
    missing = os.path.join(OUT, "missing_weights.h5")
    shutil.copyfile(SOURCE, missing)
    with h5py.File(missing, "r+") as f:
        del f["model_weights/dense"]
    print("wrote", os.path.relpath(missing, ROOT))

    # A soft link that stays inside its group is what h5py users sometimes write: accepted.
    def soft_inside(f, k):
        f["model_weights/dense/dense/kernel_data"] = k
        f[KERNEL] = h5py.SoftLink("/model_weights/dense/dense/kernel_data")

    variant("soft_link_inside.h5", soft_inside)

    # A layer graph with a cycle: the residual Lambda of inception_resnet_block is fed by the
    # activation downstream of it instead of by `up`.
    cycle = os.path.join(OUT, "cycle.h5")
    shutil.copyfile(os.path.join(ROOT, "Fixtures", "models", "inception_resnet_block.h5"), cycle)
    with h5py.File(cycle, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if layer["name"] == "scaled_residual":
                layer["inbound_nodes"][0][1][0] = "block_relu"
        f.attrs["model_config"] = json.dumps(config)
    print("wrote", os.path.relpath(cycle, ROOT))

    # A convolution stepping 0 rows (campaign seed 9, case 586): every output-size formula divides
    # by the stride.
    zero = os.path.join(OUT, "zero_strides.h5")
    shutil.copyfile(os.path.join(ROOT, "Fixtures", "models", "inception_resnet_block.h5"), zero)
    with h5py.File(zero, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if layer["name"] == "branch_0":
                layer["config"]["strides"] = [0, 1]
        f.attrs["model_config"] = json.dumps(config)
    print("wrote", os.path.relpath(zero, ROOT))


if __name__ == "__main__":
    main()
