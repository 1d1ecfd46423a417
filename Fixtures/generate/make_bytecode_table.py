"""Regenerate the bytecode test table, Fixtures/bytecode/payloads/*.json, from its source lists.

Run by hand from the repository root (never by CI), with any python3 (3.8 or newer):

    python3 Fixtures/generate/make_bytecode_table.py           # write the payload files
    python3 Fixtures/generate/make_bytecode_table.py --check   # regenerate in memory, compare, write nothing

It needs the plain CPython interpreters 2.7.18, 3.6.15, 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7,
3.12.1 and 3.13.0 under `$(pyenv root)/versions/` (set PYENV_ROOT if pyenv is not on PATH). No
packages are needed: each interpreter runs bytecode_table_helper.py (same folder), which uses only
`compile` and `marshal`.

Inputs (hand-written, see Fixtures/bytecode/README.md):
    Fixtures/bytecode/sources.json       lambdas and simple defs a decompiler must handle
    Fixtures/bytecode/unsupported.json   constructs a static decompiler is expected to reject
    Fixtures/bytecode/static.json        defs whose control flow is decided statically (if, raise)
Outputs, one pair per interpreter (XY = 27, 36, ..., 313):
    Fixtures/bytecode/payloads/pyXY.json              payloads of sources.json
    Fixtures/bytecode/payloads/unsupported_pyXY.json  payloads of unsupported.json
    Fixtures/bytecode/payloads/static_pyXY.json       payloads of static.json
and the generated tables between the `<!-- generated:... -->` markers of Fixtures/bytecode/README.md.

The script fails loudly (exit status 1, nothing written) when
- a list is malformed: duplicate ids or sources, unknown keys, a source that is not one lambda
  expression or one `def` made of simple assignments and a single `return` (sources.json only);
- a sources.json entry does not compile on 3.6 ... 3.13, or fewer than 180 compile on 2.7;
- an unsupported.json entry does not compile on every version from its `min_python` (default 3.6);
- a payload depends on the order of compilation (each interpreter marshals the list forwards and
  backwards and must give the same bytes);
- a payload, unmarshaled by the interpreter that wrote it, is not a code object equal to a fresh
  compile of the source (co_code first, then the whole object).
Keys are sorted and PYTHONHASHSEED is 0, so reruns are byte-identical (`--check` verifies that).
"""
import argparse
import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
TABLE = os.path.join(FIXTURES, "bytecode")
PAYLOADS = os.path.join(TABLE, "payloads")
README = os.path.join(TABLE, "README.md")
HELPER = os.path.join(HERE, "bytecode_table_helper.py")

FILENAME = "<delambda-table>"
MIN_PY27_SOURCES = 180
MIN_SOURCES = 220

# (tag, X.Y, version dir under $(pyenv root)/versions)
INTERPRETERS = [
    ("py27", "2.7", "2.7.18"), ("py36", "3.6", "3.6.15"), ("py37", "3.7", "3.7.16"),
    ("py38", "3.8", "3.8.18"), ("py39", "3.9", "3.9.18"), ("py310", "3.10", "3.10.13"),
    ("py311", "3.11", "3.11.7"), ("py312", "3.12", "3.12.1"), ("py313", "3.13", "3.13.0"),
]

LISTS = [
    # (list file, payload file prefix, keys an entry must have, keys it may have)
    ("sources.json", "", {"id", "category", "source"}, set()),
    ("unsupported.json", "unsupported_", {"id", "category", "construct", "source"}, {"min_python"}),
    # Python decided when the model is built (if/elif/else with assignments, raise, +=): the
    # decompiler inlines each path; DecompilerStaticTests says what each decompiles to.
    ("static.json", "static_", {"id", "category", "source"}, set()),
]


class TableError(Exception):
    pass


def version_key(text):
    return tuple(int(p) for p in text.split("."))


# ------------------------------------------------------------------------------------------------
# Validation of the hand-written lists
# ------------------------------------------------------------------------------------------------

def check_assign_target(node, where):
    if isinstance(node, ast.Name):
        return
    if isinstance(node, (ast.Tuple, ast.List)):
        for elt in node.elts:
            check_assign_target(elt, where)
        return
    if isinstance(node, ast.Starred):
        check_assign_target(node.value, where)
        return
    raise TableError("%s: assignment target must be names or tuples of names" % where)


def check_supported_shape(entry):
    """A sources.json entry: one lambda expression, or one def of simple assignments (and absolute
    imports) + return."""
    where = "sources.json %s" % entry["id"]
    source = entry["source"]
    tree = ast.parse(source)
    if len(tree.body) != 1:
        raise TableError("%s: expected exactly one statement" % where)
    stmt = tree.body[0]
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Lambda):
        if not source.startswith("lambda"):
            raise TableError("%s: a lambda source must start with 'lambda'" % where)
        if "\n" in source:
            raise TableError("%s: a lambda source must be one line" % where)
        return
    if not isinstance(stmt, ast.FunctionDef) or stmt.decorator_list or stmt.returns:
        raise TableError("%s: expected a lambda or a plain def" % where)
    if not source.startswith("def "):
        raise TableError("%s: a def source must start with 'def '" % where)
    *assigns, ret = stmt.body
    if not isinstance(ret, ast.Return) or ret.value is None:
        raise TableError("%s: the def must end with 'return expr'" % where)
    if len(assigns) > 4:
        raise TableError("%s: at most 4 assignments" % where)
    for node in assigns:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "level", 0) == 0:
            continue  # bytecode shows an absolute import as the assignments it makes
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            raise TableError("%s: the def body may only hold simple assignments" % where)
        check_assign_target(node.targets[0], where)
    lines = source.split("\n")
    for line in lines[1:]:
        if not re.match(r"^    \S", line):
            raise TableError("%s: body lines must be indented by exactly 4 spaces" % where)


def load_list(name, required, optional, supported):
    path = os.path.join(TABLE, name)
    with open(path, "rb") as f:
        raw = f.read()
    entries = json.loads(raw.decode("utf-8"))
    if not isinstance(entries, list):
        raise TableError("%s: expected a JSON list" % name)
    seen_ids, seen_sources = set(), set()
    for entry in entries:
        keys = set(entry)
        if not required <= keys or keys - required - optional:
            raise TableError("%s: entry %r has keys %s, expected %s (+ optional %s)"
                             % (name, entry.get("id"), sorted(keys), sorted(required), sorted(optional)))
        if not re.match(r"^[a-z][a-z0-9_]*$", entry["id"]):
            raise TableError("%s: bad id %r" % (name, entry["id"]))
        if entry["id"] in seen_ids:
            raise TableError("%s: duplicate id %r" % (name, entry["id"]))
        if entry["source"] in seen_sources:
            raise TableError("%s: duplicate source %r" % (name, entry["source"]))
        seen_ids.add(entry["id"])
        seen_sources.add(entry["source"])
        source = entry["source"]
        if "\t" in source or "\r" in source or source != source.strip():
            raise TableError("%s %s: no tabs, CR, or leading/trailing whitespace" % (name, entry["id"]))
        if "min_python" in entry and entry["min_python"] not in [v for _, v, _ in INTERPRETERS]:
            raise TableError("%s %s: unknown min_python %r" % (name, entry["id"], entry["min_python"]))
        if supported:
            check_supported_shape(entry)
    if supported and len(entries) < MIN_SOURCES:
        raise TableError("%s: only %d entries, want at least %d" % (name, len(entries), MIN_SOURCES))
    return entries, hashlib.sha256(raw).hexdigest()


# ------------------------------------------------------------------------------------------------
# Running the interpreters
# ------------------------------------------------------------------------------------------------

def pyenv_root():
    root = os.environ.get("PYENV_ROOT")
    if not root:
        try:
            root = subprocess.check_output(["pyenv", "root"]).decode().strip()
        except (OSError, subprocess.CalledProcessError):
            root = os.path.expanduser("~/.pyenv")
    return root


def helper_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update({"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"})
    return env


def run_helper(python, mode, request):
    proc = subprocess.run([python, "-s", HELPER, mode], input=json.dumps(request).encode("utf-8"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=helper_env())
    if proc.returncode != 0:
        raise TableError("%s %s failed (%d):\n%s" % (python, mode, proc.returncode,
                                                     proc.stderr.decode("utf-8", "replace")))
    return json.loads(proc.stdout.decode("utf-8"))


def compile_list(python, version, list_name, entries):
    request = {"filename": FILENAME, "entries": [{"id": e["id"], "source": e["source"]} for e in entries]}
    forward = run_helper(python, "dump", request)
    backward = run_helper(python, "dump", dict(request, entries=request["entries"][::-1]))
    if forward["python_version"] != version:
        raise TableError("%s reports Python %s, expected %s" % (python, forward["python_version"], version))
    if forward != backward:
        moved = sorted(k for k in forward["payloads"] if forward["payloads"][k] != backward["payloads"][k])
        raise TableError("%s %s: payloads depend on compile order: %s" % (version, list_name, moved))
    verdict = run_helper(python, "check", dict(request, payloads=forward["payloads"]))
    expected = sum(1 for v in forward["payloads"].values() if v is not None)
    if verdict["failures"] or verdict["checked"] != expected:
        raise TableError("%s %s: round trip failed: %s" % (version, list_name, verdict["failures"]))
    return forward


def check_coverage(version, list_name, entries, result):
    errors = result["errors"]
    if list_name == "sources.json":
        if version_key(version) >= (3, 6) and errors:
            raise TableError("%s: sources.json entries that do not compile on %s:\n%s" % (
                version, version, "\n".join("  %s: %s" % kv for kv in sorted(errors.items()))))
        if version == "2.7" and len(entries) - len(errors) < MIN_PY27_SOURCES:
            raise TableError("only %d sources.json entries compile on 2.7, want %d"
                             % (len(entries) - len(errors), MIN_PY27_SOURCES))
    else:
        for e in entries:
            minimum = e.get("min_python", "3.6")
            if version_key(version) >= version_key(minimum) and e["id"] in errors:
                raise TableError("%s: unsupported.json %s does not compile on %s: %s"
                                 % (version, e["id"], version, errors[e["id"]]))


def render(obj):
    return (json.dumps(obj, indent=1, sort_keys=True) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------------------
# README tables
# ------------------------------------------------------------------------------------------------

def matrix_table(stats):
    lines = ["| version | file | magic | marshal | compiled | null | unsupported compiled | unsupported null |",
             "|---|---|---|---|---:|---:|---:|---:|"]
    for tag, version, _ in INTERPRETERS:
        s = stats[tag]
        lines.append("| %s | `%s.json` | `%s` | %d | %d | %d | %d | %d |" % (
            version, tag, s["magic"], s["marshal_version"], s["compiled"], s["null"],
            s["unsupported_compiled"], s["unsupported_null"]))
    return "\n".join(lines)


def categories_table(sources, py27_errors):
    counts = Counter(e["category"] for e in sources)
    not27 = Counter(e["category"] for e in sources if e["id"] in py27_errors)
    lines = ["| category | entries | of which not on 2.7 |", "|---|---:|---:|"]
    for cat in sorted(counts):
        lines.append("| %s | %d | %d |" % (cat, counts[cat], not27[cat]))
    lines.append("| **total** | **%d** | **%d** |" % (len(sources), len(py27_errors)))
    return "\n".join(lines)


def not27_table(sources, py27_errors):
    lines = ["| id | source (first line) | 2.7 error |", "|---|---|---|"]
    for e in sources:
        if e["id"] in py27_errors:
            first = e["source"].split("\n")[0].replace("|", "\\|")
            lines.append("| %s | `%s` | %s |" % (e["id"], first, py27_errors[e["id"]].split(" (")[0]))
    return "\n".join(lines)


def unsupported_table(unsupported, stats_by_id):
    lines = ["| id | construct | compiled by |", "|---|---|---|"]
    for e in unsupported:
        lines.append("| %s | %s | %s |" % (e["id"], e["construct"], stats_by_id[e["id"]]))
    return "\n".join(lines)


def fill_readme(text, name, body):
    begin, end = "<!-- generated:%s:begin -->" % name, "<!-- generated:%s:end -->" % name
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise TableError("README.md lacks the markers %s ... %s" % (begin, end))
    return pattern.sub(lambda _: begin + "\n" + body + "\n" + end, text)


def version_ranges(tags):
    """'2.7, 3.6-3.13' style summary of the interpreter tags that compiled an entry."""
    versions = [v for t, v, _ in INTERPRETERS if t in tags]
    if len(versions) == len(INTERPRETERS):
        return "all"
    if not versions:
        return "none"
    return ", ".join(versions) if len(versions) <= 2 else "%s-%s" % (versions[0], versions[-1])


# ------------------------------------------------------------------------------------------------

def build():
    """All output files as {path: bytes}."""
    lists = {}
    for name, prefix, required, optional in LISTS:
        lists[name] = load_list(name, required, optional, supported=(name == "sources.json"))
    root = pyenv_root()
    outputs = OrderedDict()
    stats = {}
    compiled_by = {}  # unsupported id -> set of tags
    for tag, version, version_dir in INTERPRETERS:
        python = os.path.join(root, "versions", version_dir, "bin", "python")
        if not os.path.exists(python):
            raise TableError("missing interpreter %s (CPython %s)" % (python, version_dir))
        stats[tag] = {}
        for name, prefix, _, _ in LISTS:
            entries, digest = lists[name]
            result = compile_list(python, version, name, entries)
            check_coverage(version, name, entries, result)
            doc = {"python_version": result["python_version"], "magic": result["magic"],
                   "marshal_version": result["marshal_version"], "filename": FILENAME,
                   "list": name, "list_sha256": digest,
                   "payloads": result["payloads"], "errors": result["errors"]}
            outputs[os.path.join(PAYLOADS, "%s%s.json" % (prefix, tag))] = render(doc)
            if prefix == "static_":
                continue  # no README statistics
            n_null = len(result["errors"])
            key = "unsupported_" if prefix else ""
            stats[tag].update({"magic": result["magic"], "marshal_version": result["marshal_version"],
                               key + "compiled": len(entries) - n_null, key + "null": n_null})
            if prefix:
                for e in entries:
                    if result["payloads"][e["id"]] is not None:
                        compiled_by.setdefault(e["id"], set()).add(tag)
            elif tag == "py27":
                py27_errors = result["errors"]
        print("%-6s %s: %d compiled, %d null; unsupported %d compiled, %d null" % (
            tag, stats[tag]["magic"], stats[tag]["compiled"], stats[tag]["null"],
            stats[tag]["unsupported_compiled"], stats[tag]["unsupported_null"]))
    sources, unsupported = lists["sources.json"][0], lists["unsupported.json"][0]
    with open(README, "rb") as f:
        text = f.read().decode("utf-8")
    text = fill_readme(text, "matrix", matrix_table(stats))
    text = fill_readme(text, "categories", categories_table(sources, py27_errors))
    text = fill_readme(text, "not27", not27_table(sources, py27_errors))
    text = fill_readme(text, "unsupported", unsupported_table(
        unsupported, {k: version_ranges(v) for k, v in compiled_by.items()}))
    outputs[README] = text.encode("utf-8")
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory and compare with the files on disk; write nothing")
    args = parser.parse_args()
    try:
        outputs = build()
    except TableError as error:
        sys.stderr.write("make_bytecode_table: error: %s\n" % error)
        return 1
    if args.check:
        stale = []
        for path, data in outputs.items():
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except OSError:
                same = False
            if not same:
                stale.append(os.path.relpath(path, FIXTURES))
        if stale:
            sys.stderr.write("make_bytecode_table: differs from a fresh build: %s\n" % ", ".join(stale))
            return 1
        print("all %d files are identical to a fresh build" % len(outputs))
        return 0
    os.makedirs(PAYLOADS, exist_ok=True)
    for path, data in outputs.items():
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    print("wrote %d files" % len(outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
