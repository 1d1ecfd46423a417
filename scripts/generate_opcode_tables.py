#!/usr/bin/env python3
"""Generate Sources/PythonBytecode/OpcodeTables.swift from each CPython's own `opcode` and `dis` modules.

Run by hand from the repository root (never by CI), with any Python 3.8+:

    python3 scripts/generate_opcode_tables.py

Each interpreter 2.7, 3.6 ... 3.13 is taken from pyenv (`$PYENV_ROOT/versions/X.Y.Z/bin/python`; set
PYENV_ROOT if `pyenv` is not on PATH) and asked for its opcode facts by a small probe program. There is no
3.5 interpreter in pyenv's reach, so 3.5 comes from the table PYTHON_3_5 below, cross-checked against the
live 3.6 interpreter and a real 3.5 code object.

The script then
  1. writes the Swift file (deterministic: everything sorted) and formats it with `swift format`,
  2. lints it with `swift format lint --strict` against the repository's .swift-format,
  3. compiles sample lambdas in every interpreter and walks each `co_code` with the generated table
     (instruction size, inline caches), failing loudly if an opcode is missing from the table or the walk
     disagrees with that interpreter's own `dis.get_instructions`.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUTPUT = os.path.join(ROOT, "Sources", "PythonBytecode", "OpcodeTables.swift")
SWIFT_FORMAT_CONFIG = os.path.join(ROOT, ".swift-format")

# (major, minor, pyenv version). 3.5 has no interpreter: see PYTHON_3_5.
INTERPRETERS = [
    (2, 7, "2.7.18"),
    (3, 6, "3.6.15"),
    (3, 7, "3.7.16"),
    (3, 8, "3.8.18"),
    (3, 9, "3.9.18"),
    (3, 10, "3.10.13"),
    (3, 11, "3.11.7"),
    (3, 12, "3.12.1"),
    (3, 13, "3.13.0"),
]

# CPython 3.5's instruction set (identical in 3.5.0 ... 3.5.10): opcode names and numbers, HAVE_ARGUMENT,
# the relative / absolute jump lists and cmp_op of `Lib/opcode.py` on the CPython 3.5 branch (tag
# v3.5.10, https://github.com/python/cpython/blob/v3.5.10/Lib/opcode.py). Written down from that file;
# cross-checked against the 3.4 -> 3.5 changes recorded in rocky/python-xdis
# (xdis/opcodes/opcode_35.py: STORE_MAP and WITH_CLEANUP removed; @-operators, async opcodes,
# WITH_CLEANUP_START/FINISH and the BUILD_*_UNPACK family added), and, when this script runs, against the
# live 3.6 interpreter (check_3_5_against_3_6) and a real 3.5 co_code (REAL_3_5_CODE).
PYTHON_3_5 = {
    "have_argument": 90,
    "opmap": {
        "POP_TOP": 1,
        "ROT_TWO": 2,
        "ROT_THREE": 3,
        "DUP_TOP": 4,
        "DUP_TOP_TWO": 5,
        "NOP": 9,
        "UNARY_POSITIVE": 10,
        "UNARY_NEGATIVE": 11,
        "UNARY_NOT": 12,
        "UNARY_INVERT": 15,
        "BINARY_MATRIX_MULTIPLY": 16,
        "INPLACE_MATRIX_MULTIPLY": 17,
        "BINARY_POWER": 19,
        "BINARY_MULTIPLY": 20,
        "BINARY_MODULO": 22,
        "BINARY_ADD": 23,
        "BINARY_SUBTRACT": 24,
        "BINARY_SUBSCR": 25,
        "BINARY_FLOOR_DIVIDE": 26,
        "BINARY_TRUE_DIVIDE": 27,
        "INPLACE_FLOOR_DIVIDE": 28,
        "INPLACE_TRUE_DIVIDE": 29,
        "GET_AITER": 50,
        "GET_ANEXT": 51,
        "BEFORE_ASYNC_WITH": 52,
        "INPLACE_ADD": 55,
        "INPLACE_SUBTRACT": 56,
        "INPLACE_MULTIPLY": 57,
        "INPLACE_MODULO": 59,
        "STORE_SUBSCR": 60,
        "DELETE_SUBSCR": 61,
        "BINARY_LSHIFT": 62,
        "BINARY_RSHIFT": 63,
        "BINARY_AND": 64,
        "BINARY_XOR": 65,
        "BINARY_OR": 66,
        "INPLACE_POWER": 67,
        "GET_ITER": 68,
        "GET_YIELD_FROM_ITER": 69,
        "PRINT_EXPR": 70,
        "LOAD_BUILD_CLASS": 71,
        "YIELD_FROM": 72,
        "GET_AWAITABLE": 73,
        "INPLACE_LSHIFT": 75,
        "INPLACE_RSHIFT": 76,
        "INPLACE_AND": 77,
        "INPLACE_XOR": 78,
        "INPLACE_OR": 79,
        "BREAK_LOOP": 80,
        "WITH_CLEANUP_START": 81,
        "WITH_CLEANUP_FINISH": 82,
        "RETURN_VALUE": 83,
        "IMPORT_STAR": 84,
        "YIELD_VALUE": 86,
        "POP_BLOCK": 87,
        "END_FINALLY": 88,
        "POP_EXCEPT": 89,
        "STORE_NAME": 90,
        "DELETE_NAME": 91,
        "UNPACK_SEQUENCE": 92,
        "FOR_ITER": 93,
        "UNPACK_EX": 94,
        "STORE_ATTR": 95,
        "DELETE_ATTR": 96,
        "STORE_GLOBAL": 97,
        "DELETE_GLOBAL": 98,
        "LOAD_CONST": 100,
        "LOAD_NAME": 101,
        "BUILD_TUPLE": 102,
        "BUILD_LIST": 103,
        "BUILD_SET": 104,
        "BUILD_MAP": 105,
        "LOAD_ATTR": 106,
        "COMPARE_OP": 107,
        "IMPORT_NAME": 108,
        "IMPORT_FROM": 109,
        "JUMP_FORWARD": 110,
        "JUMP_IF_FALSE_OR_POP": 111,
        "JUMP_IF_TRUE_OR_POP": 112,
        "JUMP_ABSOLUTE": 113,
        "POP_JUMP_IF_FALSE": 114,
        "POP_JUMP_IF_TRUE": 115,
        "LOAD_GLOBAL": 116,
        "CONTINUE_LOOP": 119,
        "SETUP_LOOP": 120,
        "SETUP_EXCEPT": 121,
        "SETUP_FINALLY": 122,
        "LOAD_FAST": 124,
        "STORE_FAST": 125,
        "DELETE_FAST": 126,
        "RAISE_VARARGS": 130,
        "CALL_FUNCTION": 131,
        "MAKE_FUNCTION": 132,
        "BUILD_SLICE": 133,
        "MAKE_CLOSURE": 134,
        "LOAD_CLOSURE": 135,
        "LOAD_DEREF": 136,
        "STORE_DEREF": 137,
        "DELETE_DEREF": 138,
        "CALL_FUNCTION_VAR": 140,
        "CALL_FUNCTION_KW": 141,
        "CALL_FUNCTION_VAR_KW": 142,
        "SETUP_WITH": 143,
        "EXTENDED_ARG": 144,
        "LIST_APPEND": 145,
        "SET_ADD": 146,
        "MAP_ADD": 147,
        "LOAD_CLASSDEREF": 148,
        "BUILD_LIST_UNPACK": 149,
        "BUILD_MAP_UNPACK": 150,
        "BUILD_MAP_UNPACK_WITH_CALL": 151,
        "BUILD_TUPLE_UNPACK": 152,
        "BUILD_SET_UNPACK": 153,
        "SETUP_ASYNC_WITH": 154,
    },
    "hasjrel": [93, 110, 120, 121, 122, 143, 154],
    "hasjabs": [111, 112, 113, 114, 115, 119],
    "cmp_op": ["<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not", "exception match", "BAD"],
}

# What changed from 3.5 to 3.6 (the wordcode release), used to cross-check PYTHON_3_5 against the live 3.6.
# CALL_FUNCTION_EX reuses CALL_FUNCTION_VAR_KW's number 142.
ADDED_IN_3_6 = {
    "SETUP_ANNOTATIONS": 85,
    "STORE_ANNOTATION": 127,
    "CALL_FUNCTION_EX": 142,
    "FORMAT_VALUE": 155,
    "BUILD_CONST_KEY_MAP": 156,
    "BUILD_STRING": 157,
    "BUILD_TUPLE_UNPACK_WITH_CALL": 158,
}
REMOVED_IN_3_6 = {"MAKE_CLOSURE": 134, "CALL_FUNCTION_VAR": 140, "CALL_FUNCTION_VAR_KW": 142}

# The co_code of a real 3.5 Lambda, `lambda x: x/127.5 - 1.0` (Keras 1.2.1), from
# ../shared/corpus/files/01_naokishibuya__car-behavioral-cloning__model.h5 (layer lambda_1):
# LOAD_FAST 0, LOAD_CONST 1, BINARY_TRUE_DIVIDE, LOAD_CONST 2, BINARY_SUBTRACT, RETURN_VALUE.
REAL_3_5_CODE = {
    "source": "lambda x: x/127.5 - 1.0",
    "co_code": "7c00006401001b6402001853",
    "instructions": [
        [0, "LOAD_FAST"],
        [3, "LOAD_CONST"],
        [6, "BINARY_TRUE_DIVIDE"],
        [7, "LOAD_CONST"],
        [10, "BINARY_SUBTRACT"],
        [11, "RETURN_VALUE"],
    ],
}

# Lambdas compiled in every interpreter for the final check; the first three are the brief's, the others
# reach keyword calls, closures, comprehensions and conditional jumps. Python 2.7 accepts all of them.
SAMPLE_SOURCES = [
    "lambda x: K.l2_normalize(x, axis=-1)",
    "lambda t: K.abs(t[0] - t[1])",
    "lambda x: x[..., ::-1]",
    "lambda x: x / 127.5 - 1.0",
    "lambda v: K.sqrt(K.maximum(K.sum(K.square(v[0] - v[1]), axis=1, keepdims=True), K.epsilon()))",
    "lambda a: a[0] + K.exp(0.5 * a[1]) * K.random_normal(shape=K.shape(a[0]), mean=0.0, stddev=1.0)",
    "lambda x, mask=None: x * mask if mask is not None else x",
    "lambda x: tf.concat([x, -x, x ** 2], axis=-1)",
    "(lambda s: (lambda x: x * s))(2.0)",
    "lambda xs: [y * 2 for y in xs if y]",
    "lambda x: x.reshape((-1, 4)).mean(axis=0)",
]

# Runs inside every interpreter (so it must stay valid Python 2.7) and prints one JSON object.
PROBE = r'''
import binascii, dis, json, opcode, sys

opmap = dict(opcode.opmap)
raw_caches = getattr(opcode, "_inline_cache_entries", None)
if raw_caches is None:
    caches = {}
elif isinstance(raw_caches, dict):  # 3.13: keyed by name
    caches = dict((name, n) for name, n in raw_caches.items() if n)
else:  # 3.11, 3.12: a list indexed by opcode number
    caches = dict((name, raw_caches[op]) for name, op in opmap.items() if op < len(raw_caches) and raw_caches[op])

specialized = set(getattr(opcode, "_specialized_instructions", None) or [])
specialized |= set(getattr(opcode, "_specialized_opmap", None) or {})
for family in (getattr(opcode, "_specializations", None) or {}).values():
    specialized |= set(family)

def code_objects(code):
    found = [code]
    for const in code.co_consts:
        if isinstance(const, type(code)):
            found.extend(code_objects(const))
    return found

samples = []
for source in json.loads(sys.stdin.read()):
    for code in code_objects(compile(source, "<sample>", "eval")):
        if hasattr(dis, "get_instructions"):
            instructions = [[i.offset, i.opname] for i in dis.get_instructions(code)]
        else:
            instructions = None
        samples.append({
            "source": source,
            "name": code.co_name,
            "co_code": binascii.hexlify(code.co_code).decode("ascii"),
            "instructions": instructions,
        })

print(json.dumps({
    "version": list(sys.version_info[:3]),
    "opmap": opmap,
    "have_argument": opcode.HAVE_ARGUMENT,
    "hasjrel": sorted(opcode.hasjrel),
    "hasjabs": sorted(opcode.hasjabs),
    "cmp_op": list(opcode.cmp_op),
    "nb_ops": [symbol for _, symbol in getattr(dis, "_nb_ops", [])],
    "caches": caches,
    "specialized": sorted(specialized),
    "min_instrumented": getattr(opcode, "MIN_INSTRUMENTED_OPCODE", None),
    "samples": samples,
}, sort_keys=True))
'''


def fail(message):
    sys.exit("generate_opcode_tables: error: " + message)


def pyenv_root():
    if os.environ.get("PYENV_ROOT"):
        return os.environ["PYENV_ROOT"]
    if shutil.which("pyenv"):
        return subprocess.run(["pyenv", "root"], check=True, capture_output=True, text=True).stdout.strip()
    return os.path.expanduser("~/.pyenv")


def probe(python):
    if not os.path.exists(python):
        fail("interpreter not found: %s (install it with pyenv, or set PYENV_ROOT)" % python)
    result = subprocess.run(
        [python, "-c", PROBE],
        input=json.dumps(SAMPLE_SOURCES),
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1"),
    )
    if result.returncode != 0:
        fail("probe failed in %s:\n%s" % (python, result.stderr))
    return json.loads(result.stdout)


def real_opcodes(facts):
    """The opcodes that can occur in a marshaled code object made by compile(): opcode.opmap without the
    specialized (adaptive) forms, the INSTRUMENTED_* forms and the pseudo-ops numbered >= 256."""
    min_instrumented = facts.get("min_instrumented")
    specialized = set(facts.get("specialized", []))
    kept = {}
    for name, number in facts["opmap"].items():
        if number >= 256 or name in specialized or name.startswith("INSTRUMENTED_"):
            continue
        if min_instrumented is not None and number >= min_instrumented:
            continue
        kept[name] = number
    numbers = sorted(kept.values())
    if len(numbers) != len(set(numbers)):
        fail("two opcode names share a number: %r" % sorted(kept.items(), key=lambda item: item[1]))
    return kept


def build_table(major, minor, facts):
    opcodes = real_opcodes(facts)
    numbers = set(opcodes.values())
    caches = {name: n for name, n in facts.get("caches", {}).items() if name in opcodes and n}
    if (major, minor) >= (3, 11) and not caches:
        fail("%d.%d: no inline cache entries found" % (major, minor))
    table = {
        "major": major,
        "minor": minor,
        "wordcode": (major, minor) >= (3, 6),
        "have_argument": facts["have_argument"],
        "opcodes": sorted(((number, name) for name, number in opcodes.items())),
        "caches": sorted(caches.items(), key=lambda item: opcodes[item[0]]),
        "jrel": sorted(op for op in facts["hasjrel"] if op in numbers),
        "jabs": sorted(op for op in facts["hasjabs"] if op in numbers),
        "nb_ops": list(facts.get("nb_ops", [])),
        "cmp_op": list(facts["cmp_op"]),
    }
    if not 0 < table["have_argument"] < 256:
        fail("%d.%d: HAVE_ARGUMENT %r out of range" % (major, minor, table["have_argument"]))
    return table


def check_3_5_against_3_6(facts_3_6):
    opmap_3_5 = dict(PYTHON_3_5["opmap"])
    opmap_3_6 = real_opcodes(facts_3_6)
    added = {name: n for name, n in opmap_3_6.items() if opmap_3_5.get(name) != n}
    removed = {name: n for name, n in opmap_3_5.items() if opmap_3_6.get(name) != n}
    if added != ADDED_IN_3_6 or removed != REMOVED_IN_3_6:
        fail("3.5 table disagrees with 3.6: added %r, removed %r" % (added, removed))
    for key in ("have_argument", "cmp_op"):
        if PYTHON_3_5[key] != facts_3_6[key]:
            fail("3.5 %s %r differs from 3.6 %r" % (key, PYTHON_3_5[key], facts_3_6[key]))
    for key in ("hasjrel", "hasjabs"):
        if sorted(PYTHON_3_5[key]) != sorted(facts_3_6[key]):
            fail("3.5 %s %r differs from 3.6 %r" % (key, PYTHON_3_5[key], facts_3_6[key]))


# ---------------------------------------------------------------------------------------------------------
# Swift output


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def property_name(table):
    return "python%d_%d" % (table["major"], table["minor"])


def emit_table(table):
    lines = []
    label = "%d.%d" % (table["major"], table["minor"])
    lines.append("    /// CPython %s." % label)
    lines.append("    // swift-format-ignore: AlwaysUseLowerCamelCase")
    lines.append("    public static let %s = OpcodeTable(" % property_name(table))
    lines.append("        version: PythonVersion(%d, %d)," % (table["major"], table["minor"]))
    lines.append("        wordcode: %s," % ("true" if table["wordcode"] else "false"))
    lines.append("        haveArgument: %d," % table["have_argument"])
    lines.append("        opcodes: [")
    for number, name in table["opcodes"]:
        lines.append("            (%d, %s)," % (number, swift_string(name)))
    lines.append("        ],")
    if table["caches"]:
        lines.append("        cacheEntries: [")
        for name, count in table["caches"]:
            lines.append("            %s: %d," % (swift_string(name), count))
        lines.append("        ],")
    else:
        lines.append("        cacheEntries: [:],")
    lines.append("        jumpRelative: [%s]," % ", ".join(str(op) for op in table["jrel"]))
    lines.append("        jumpAbsolute: [%s]," % ", ".join(str(op) for op in table["jabs"]))
    if table["nb_ops"]:
        lines.append("        binaryOperators: [")
        lines.append("            " + ", ".join(swift_string(symbol) for symbol in table["nb_ops"]) + ",")
        lines.append("        ],")
    else:
        lines.append("        binaryOperators: [],")
    lines.append("        comparisonOperators: [%s]" % ", ".join(swift_string(op) for op in table["cmp_op"]))
    lines.append("    )")
    return lines


HEADER = '''\
// Generated by scripts/generate_opcode_tables.py from each CPython's own `opcode` and `dis` modules
// (3.5 from the table embedded in that script). Do not edit by hand: change the script and rerun it.

/// One CPython version's instruction set, generated by scripts/generate_opcode_tables.py from that
/// version's `opcode` module. Do not edit by hand.
///
/// Only opcodes that can occur in a marshaled code object made by `compile()` are listed: the specialized
/// (adaptive) forms, the `INSTRUMENTED_*` forms and the compiler's pseudo-ops (numbered 256 and up) of
/// 3.11+ are left out. `CACHE` (0) is kept: it fills the inline cache code units in 3.11+.
public struct OpcodeTable: Sendable {
    public let version: PythonVersion
    /// Two-byte "wordcode" instructions (3.6+) or 1/3-byte instructions (2.7, 3.5).
    public let wordcode: Bool
    /// Opcodes >= this take an argument (pre-wordcode: a 2-byte argument follows).
    public let haveArgument: UInt8
    /// Opcode number -> name, for the opcodes that exist in this version (index 0...255, nil = invalid).
    public let names: [String?]
    /// Number of inline CACHE code units following each opcode (3.11+; all zero before), by opcode number.
    public let cacheEntries: [UInt8]
    /// Opcodes whose argument is a relative jump target (`opcode.hasjrel`).
    public let jumpRelative: Set<UInt8>
    /// Opcodes whose argument is an absolute jump target (`opcode.hasjabs`).
    public let jumpAbsolute: Set<UInt8>
    /// Opcode name -> number.
    public let opcodeNumbers: [String: UInt8]
    /// The symbols of `dis._nb_ops`, indexed by `BINARY_OP`'s argument (3.11+; empty before).
    public let binaryOperators: [String]
    /// `dis.cmp_op`: `COMPARE_OP`'s operators.
    public let comparisonOperators: [String]

    /// Builds a table from the generated data below; `cacheEntries` is keyed by opcode name.
    private init(
        version: PythonVersion,
        wordcode: Bool,
        haveArgument: UInt8,
        opcodes: [(number: UInt8, name: String)],
        cacheEntries: [String: UInt8],
        jumpRelative: Set<UInt8>,
        jumpAbsolute: Set<UInt8>,
        binaryOperators: [String],
        comparisonOperators: [String]
    ) {
        var names = [String?](repeating: nil, count: 256)
        var numbers: [String: UInt8] = [:]
        for opcode in opcodes {
            names[Int(opcode.number)] = opcode.name
            numbers[opcode.name] = opcode.number
        }
        var caches = [UInt8](repeating: 0, count: 256)
        for (name, count) in cacheEntries {
            guard let number = numbers[name] else {
                preconditionFailure("generated cache entry for unknown opcode \\(name)")
            }
            caches[Int(number)] = count
        }
        self.version = version
        self.wordcode = wordcode
        self.haveArgument = haveArgument
        self.names = names
        self.cacheEntries = caches
        self.jumpRelative = jumpRelative
        self.jumpAbsolute = jumpAbsolute
        self.opcodeNumbers = numbers
        self.binaryOperators = binaryOperators
        self.comparisonOperators = comparisonOperators
    }
}
'''


def render(tables):
    lines = HEADER.rstrip("\n").split("\n")
    lines.append("")
    lines.append("extension OpcodeTable {")
    for table in tables:
        lines.extend(emit_table(table))
        lines.append("")
    lines.append("    /// Every table, oldest version first.")
    lines.append("    public static let all: [OpcodeTable] = [")
    lines.append("        " + ", ".join(property_name(table) for table in tables) + ",")
    lines.append("    ]")
    lines.append("")
    lines.append("    /// The table of `version` (major and minor), or nil for a version without one.")
    lines.append("    public static func table(for version: PythonVersion) -> OpcodeTable? {")
    lines.append("        all.first { $0.version.major == version.major && $0.version.minor == version.minor }")
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def swift_format(path):
    if not shutil.which("swift"):
        fail("`swift` not found: the generated file must be formatted with `swift format`")
    for command in (
        ["swift", "format", "format", "--configuration", SWIFT_FORMAT_CONFIG, "-i", path],
        ["swift", "format", "lint", "--strict", "--configuration", SWIFT_FORMAT_CONFIG, path],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0 or result.stderr.strip():
            fail("%s failed:\n%s%s" % (" ".join(command), result.stdout, result.stderr))
    with open(path) as handle:
        for number, line in enumerate(handle, 1):
            if len(line.rstrip("\n")) > 120:
                fail("%s:%d is longer than 120 characters" % (path, number))


# ---------------------------------------------------------------------------------------------------------
# Verification: walk real bytecode with the generated tables.


def walk(table, code):
    """(offset, name) of every instruction in `code`, skipping inline caches; fails on an unknown opcode."""
    names = {number: name for number, name in table["opcodes"]}
    caches = {name: count for name, count in table["caches"]}
    label = "%d.%d" % (table["major"], table["minor"])
    found = []
    offset = 0
    while offset < len(code):
        op = code[offset]
        if op not in names:
            fail("%s: opcode %d at offset %d of %s is not in the table" % (label, op, offset, code.hex()))
        name = names[op]
        found.append([offset, name])
        if table["wordcode"]:
            offset += 2 * (1 + caches.get(name, 0))
        else:
            offset += 3 if op >= table["have_argument"] else 1
    if offset != len(code):
        fail("%s: instruction walk overran the end of %s" % (label, code.hex()))
    return found


def verify(table, samples):
    label = "%d.%d" % (table["major"], table["minor"])
    for sample in samples:
        walked = walk(table, bytes.fromhex(sample["co_code"]))
        expected = sample["instructions"]
        if expected is not None and walked != expected:
            fail(
                "%s: walking %s (%s) gives\n  %r\nbut the interpreter's dis says\n  %r"
                % (label, sample["source"], sample.get("name", "?"), walked, expected)
            )
    return len(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=OUTPUT, help="where to write the Swift file (default: %(default)s)")
    options = parser.parse_args()

    root = pyenv_root()
    facts = {}
    for major, minor, full in INTERPRETERS:
        python = os.path.join(root, "versions", full, "bin", "python")
        facts[(major, minor)] = probe(python)
        if tuple(facts[(major, minor)]["version"][:2]) != (major, minor):
            fail("%s reports version %r" % (python, facts[(major, minor)]["version"]))

    check_3_5_against_3_6(facts[(3, 6)])
    facts[(3, 5)] = dict(PYTHON_3_5, caches={}, nb_ops=[], samples=[REAL_3_5_CODE])

    tables = [build_table(major, minor, facts[(major, minor)]) for major, minor in sorted(facts)]

    os.makedirs(os.path.dirname(options.output), exist_ok=True)
    with open(options.output, "w") as handle:
        handle.write(render(tables))
    swift_format(options.output)

    for table in tables:
        checked = verify(table, facts[(table["major"], table["minor"])]["samples"])
        print(
            "%d.%d: %3d opcodes, %2d with inline caches, %d code objects verified"
            % (table["major"], table["minor"], len(table["opcodes"]), len(table["caches"]), checked)
        )
    print("wrote %s" % os.path.relpath(options.output, os.getcwd()))


if __name__ == "__main__":
    main()
