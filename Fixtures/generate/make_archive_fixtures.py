"""Make the `.keras` archive fixtures: bad and hostile archives (Fixtures/bad/*.keras,
Fixtures/hostile/*.keras) and valid variants (Fixtures/archives/), all from archives the family
generator saved with Keras 3. Standard library and h5py only, no TensorFlow:

    /work/venv-tf/bin/python Fixtures/generate/make_archive_fixtures.py

Each damaged archive is a valid one changed in one place, so that the reader's message can name
that place. Byte offsets are found by parsing the zip's own records, never assumed.
"""
import io
import os
import struct
import zipfile
import zlib

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
SEED = os.path.join(FIXTURES, "families", "example", "scaled_sum_keras3.keras")
COUNTERS = os.path.join(FIXTURES, "families", "archives", "archive_counters_keras3.keras")
DATE = (2024, 1, 1, 0, 0, 0)


def members(path):
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def pack(items, deflate=()):
    """A zip of (name, bytes) pairs, stored unless the name is in `deflate`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in items:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED if name in deflate else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return bytearray(buffer.getvalue())


def central_entry(data, name):
    """Offset of the central-directory record of `name`, and of its local header."""
    position = data.rfind(b"PK\x05\x06")
    count, _size, start = struct.unpack_from("<HII", data, position + 10)
    offset = start
    for _ in range(count):
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46:offset + 46 + name_length].decode() == name:
            return offset, struct.unpack_from("<I", data, offset + 42)[0]
        offset += 46 + name_length + extra_length + comment_length
    raise KeyError(name)


def write(folder, name, data):
    os.makedirs(os.path.join(FIXTURES, folder), exist_ok=True)
    with open(os.path.join(FIXTURES, folder, name), "wb") as handle:
        handle.write(bytes(data))
    print("  %s/%s (%d bytes)" % (folder, name, len(data)))


def bad(seed):
    write("bad", "not_keras.keras", pack([("README.txt", b"a zip archive, but no model in it\n")]))
    write("bad", "missing_weights.keras", pack([m for m in seed if m[0] != "model.weights.h5"]))
    whole = pack(seed)
    write("bad", "truncated.keras", whole[:len(whole) * 6 // 10])
    damaged = pack(seed)
    central, local = central_entry(damaged, "model.weights.h5")
    name_length, extra_length = struct.unpack_from("<HH", damaged, local + 26)
    damaged[local + 30 + name_length + extra_length + 100] ^= 0xFF  # a byte of the stored data
    write("bad", "damaged_member.keras", damaged)
    write("bad", "weights_not_hdf5.keras",
          pack([(n, b"not HDF5 at all\n" if n == "model.weights.h5" else d) for n, d in seed]))
    write("bad", "config_not_json.keras",
          pack([(n, d[:len(d) // 2] if n == "config.json" else d) for n, d in seed]))


def hostile(seed):
    write("hostile", "escaping_member.keras", pack(seed + [("../escaped.txt", b"outside\n")]))
    write("hostile", "absolute_member.keras", pack(seed + [("/tmp/absolute.txt", b"outside\n")]))
    encrypted = pack(seed)
    central, local = central_entry(encrypted, "model.weights.h5")
    for offset in (central + 8, local + 6):  # general-purpose flags: bit 0, encrypted
        struct.pack_into("<H", encrypted, offset, struct.unpack_from("<H", encrypted, offset)[0] | 1)
    write("hostile", "encrypted.keras", encrypted)
    split = pack(seed)
    end = split.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", split, end + 4, 1, 1)  # this disk, the directory's disk
    write("hostile", "split.keras", split)
    # 64 MB of zeros deflate to some 64 KB; the header then claims 4096 bytes: inflating must stop.
    zeros = b"\0" * (64 << 20)
    lying = pack([(n, zeros if n == "model.weights.h5" else d) for n, d in seed], deflate=("model.weights.h5",))
    central, local = central_entry(lying, "model.weights.h5")
    struct.pack_into("<I", lying, central + 24, 4096)
    struct.pack_into("<I", lying, local + 22, 4096)
    write("hostile", "lying_size.keras", lying)
    # The same deflated zeros, claiming 4 GB - 1: more than deflate can expand them to.
    impossible = pack([(n, zeros if n == "model.weights.h5" else d) for n, d in seed], deflate=("model.weights.h5",))
    central, local = central_entry(impossible, "model.weights.h5")
    struct.pack_into("<I", impossible, central + 24, 0xFFFFFFFE)
    struct.pack_into("<I", impossible, local + 22, 0xFFFFFFFE)
    write("hostile", "impossible_size.keras", impossible)
    # Honest sizes, a high ratio: refused only by a budget (the tests pass a small one).
    write("hostile", "high_ratio.keras",
          pack([(n, zeros if n == "model.weights.h5" else d) for n, d in seed], deflate=("model.weights.h5",)))


def variants(seed):
    # Keras 3 before 3.6 (say) wrote no `name` attribute: groups are found by class and order.
    counters = dict(members(COUNTERS))
    with h5py.File(io.BytesIO(counters["model.weights.h5"]), "r") as source:
        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as target:
            for key in source:
                source.copy(key, target)

            def strip(_name, obj):
                if isinstance(obj, h5py.Group) and "name" in obj.attrs:
                    del obj.attrs["name"]
            target.visititems(strip)
            if "name" in target.attrs:
                del target.attrs["name"]
        weights = buffer.getvalue()
    write("archives", "unnamed_groups.keras",
          pack([(n, weights if n == "model.weights.h5" else d) for n, d in members(COUNTERS)]))
    write("archives", "with_assets.keras",
          pack(seed + [("assets/", b""), ("assets/vocabulary.txt", b"alpha\nbeta\n")]))


if __name__ == "__main__":
    seed = members(SEED)
    bad(seed)
    hostile(seed)
    variants(seed)
