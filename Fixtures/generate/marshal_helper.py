"""Compile Lambda source text with *this* interpreter and marshal the code objects.

Run by make_fixtures.py with each CPython (2.7, 3.6 ... 3.13); keep it valid Python 2.7 and 3.x.

    python marshal_helper.py dump   < {"filename": ..., "sources": [...]}
        -> {"python_version": "3.8", "code": [base64 of marshal.dumps(code), ...]}
    python marshal_helper.py check  < {"filename": ..., "sources": [...], "payloads": [[text, encoding], ...]}
        -> {"python_version": "3.8", "ok": [true, ...]}

A source is either one lambda expression ("lambda x: x / 127.5 - 1.0") or one def statement; the
code object returned is the lambda's or the def's own code (not the enclosing module's).
"check" decodes each payload as Keras would ("base64" or "raw_unicode_escape"), unmarshals it and
compares it with the freshly compiled code object.
"""
import base64
import codecs
import json
import marshal
import sys
import types


def code_for(source, filename):
    if source.startswith("def "):
        name = source[4:source.index("(")]
        module = compile(source + "\n", filename, "exec")
        wanted = name
    else:
        module = compile(source, filename, "eval")
        wanted = "<lambda>"
    found = [c for c in module.co_consts
             if isinstance(c, types.CodeType) and c.co_name == wanted]
    if len(found) != 1:
        raise ValueError("expected one code object named %s in %r" % (wanted, source))
    return found[0]


def decode_payload(text, encoding):
    if encoding == "base64":
        return codecs.decode(text.encode("ascii"), "base64")
    if encoding == "raw_unicode_escape":
        return text.encode("raw_unicode_escape")
    raise ValueError("unknown encoding %r" % encoding)


def main():
    mode = sys.argv[1]
    request = json.loads(sys.stdin.read())
    filename = str(request["filename"])
    version = "%d.%d" % sys.version_info[:2]
    codes = [code_for(s, filename) for s in request["sources"]]
    if mode == "dump":
        out = [base64.b64encode(marshal.dumps(c)).decode("ascii") for c in codes]
        result = {"python_version": version, "code": out}
    elif mode == "check":
        ok = []
        for code, (text, encoding) in zip(codes, request["payloads"]):
            ok.append(marshal.loads(decode_payload(text, encoding)) == code)
        result = {"python_version": version, "ok": ok}
    else:
        raise SystemExit("usage: marshal_helper.py dump|check < request.json")
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
