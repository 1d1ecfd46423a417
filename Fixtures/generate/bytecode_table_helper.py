"""Compile table sources with *this* interpreter and marshal their function code objects.

Run by make_bytecode_table.py with each CPython (2.7, 3.6 ... 3.13); keep it valid Python 2.7 and 3.x.
Request and answer are JSON (UTF-8) on stdin / stdout:

    python bytecode_table_helper.py dump   < {"filename": ..., "entries": [{"id", "source"}, ...]}
        -> {"python_version": "3.8", "magic": "550d0d0a", "marshal_version": 4,
            "payloads": {id: base64 | null}, "errors": {id: "SyntaxError: ..."}}
    python bytecode_table_helper.py check  < {"filename": ..., "entries": [...], "payloads": {id: base64 | null}}
        -> {"python_version": "3.8", "checked": N, "failures": {id: "why"}}

Each source is compiled as module code ("exec") with the given file name; warnings are errors, so a
source that only warns is reported as not compiling. The code object marshaled is the function's own:
the one `<lambda>` (for a lambda expression) or the one code object named after the def, found in the
module code's co_consts. `dump` marshals each code object right after compiling it and drops it before
the next source. Before that it compiles the whole list once and throws the result away, so that
compiling has already had all its lasting side effects (a non-ASCII identifier makes the tokenizer
import unicodedata, which keeps the interned string 'normalize' alive; marshal then writes that name
as a reference). After the warm-up no payload depends on the others or on their order.

`check` unmarshals each payload, and compares it with a fresh compile of the same source: the co_code
must be identical, and so must the whole code object (code objects compare by value).
"""
import base64
import binascii
import json
import marshal
import re
import sys
import types
import warnings


def python_version():
    return "%d.%d" % sys.version_info[:2]


def magic_hex():
    if sys.version_info[0] >= 3:
        import importlib.util
        magic = importlib.util.MAGIC_NUMBER
    else:
        import imp
        magic = imp.get_magic()
    return binascii.hexlify(magic).decode("ascii")


def wanted_name(source):
    if source.startswith("def "):
        match = re.match(r"def\s+(\w+)\s*\(", source)
        if not match:
            raise ValueError("cannot find the def name in %r" % source)
        return match.group(1)
    if source.startswith("lambda"):
        return "<lambda>"
    raise ValueError("source is neither a lambda nor a def: %r" % source)


def compile_function(source, filename):
    """The function's code object, or raise SyntaxError (warnings count as errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module = compile(source + "\n", filename, "exec")
    name = wanted_name(source)
    found = [c for c in module.co_consts
             if isinstance(c, types.CodeType) and c.co_name == name]
    if len(found) != 1:
        raise ValueError("expected one code object named %s in %r, found %d"
                         % (name, source, len(found)))
    return found[0]


def describe(error):
    return "%s: %s" % (type(error).__name__, error)


def read_request():
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    return json.loads(stream.read().decode("utf-8"))


def dump(request):
    filename = str(request["filename"])
    for entry in request["entries"]:  # warm-up, see the module docstring
        try:
            compile_function(entry["source"], filename)
        except (SyntaxError, Warning):
            pass
    payloads = {}
    errors = {}
    for entry in request["entries"]:
        try:
            code = compile_function(entry["source"], filename)
        except (SyntaxError, Warning) as error:
            payloads[entry["id"]] = None
            errors[entry["id"]] = describe(error)
            continue
        payloads[entry["id"]] = base64.b64encode(marshal.dumps(code)).decode("ascii")
        del code
    return {"python_version": python_version(), "magic": magic_hex(),
            "marshal_version": marshal.version, "payloads": payloads, "errors": errors}


def check(request):
    filename = str(request["filename"])
    failures = {}
    checked = 0
    for entry in request["entries"]:
        text = request["payloads"].get(entry["id"])
        if text is None:
            continue
        checked += 1
        try:
            loaded = marshal.loads(base64.b64decode(text.encode("ascii")))
            fresh = compile_function(entry["source"], filename)
        except Exception as error:  # report, do not stop: the caller fails loudly
            failures[entry["id"]] = describe(error)
            continue
        if not isinstance(loaded, types.CodeType):
            failures[entry["id"]] = "not a code object: %r" % type(loaded)
        elif loaded.co_code != fresh.co_code:
            failures[entry["id"]] = "co_code differs"
        elif loaded != fresh:
            failures[entry["id"]] = "code object differs"
    return {"python_version": python_version(), "checked": checked, "failures": failures}


def main():
    mode = sys.argv[1] if len(sys.argv) == 2 else None
    if mode not in ("dump", "check"):
        raise SystemExit("usage: bytecode_table_helper.py dump|check < request.json")
    request = read_request()
    result = dump(request) if mode == "dump" else check(request)
    sys.stdout.write(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
