import PythonAST
import Testing

@Suite struct FunctionSourceTests {
    /// A file holding `def f`, and `f` as the def printer writes it.
    @Test(arguments: [
        (
            """
            import tensorflow as tf

            def f(x, factor=2.0):
                \"\"\"Scales.

                A docstring with 'quotes', (brackets and # hashes.
                \"\"\"
                # a comment line
                y = tf.math.multiply(x,   # a comment inside brackets
                                     factor)

                return y + 1  # trailing comment
            """,
            "def f(x, factor=2.0):\n    y = tf.math.multiply(x, factor)\n    return y + 1"
        ),
        ("def f(x): return x * 2", "def f(x):\n    return x * 2"),
        (
            "def f(x):\n    import tensorflow.keras.backend as K, numpy\n    from keras import ops as kops\n    return K.sum(x)",
            "def f(x):\n    K = tensorflow.keras.backend\n    numpy = numpy\n    kops = keras.ops\n    return K.sum(x)"
        ),
        ("def f(x): y = x; return y;", "def f(x):\n    y = x\n    return y"),
        (
            """
            @tf.function
            @keras.saving.register_keras_serializable(package="demo")
            def f(a: int, b: "list[int]" = (1, 2), /, c=3, *args: float, d, e: int = 4, **kw) -> tf.Tensor:
                return a
            """,
            "def f(a, b=(1, 2), c=3, *args, d, e=4, **kw):\n    return a"
        ),
        ("def f(x, *, scale=1.0,):\n    return x * scale", "def f(x, *, scale=1.0):\n    return x * scale"),
        ("def f(x=lambda y=1: y, z={'k': 1}): return x", "def f(x=(lambda y=1: y), z={'k': 1}):\n    return x"),
        (
            "def f(x):\n    x += 1\n    x **= 2\n    x //= 3\n    x @= w\n    x >>= 1\n    return x",
            "def f(x):\n    x = x + 1\n    x = x ** 2\n    x = x // 3\n    x = x @ w\n    x = x >> 1\n    return x"
        ),
        ("def f(x):\n    x *= a + b\n    return x", "def f(x):\n    x = x * (a + b)\n    return x"),
        (
            "def f(x):\n    a = b = x\n    (c, d) = x\n    [e, g] = x\n    h, *i = x\n    j, = x\n    return a",
            "def f(x):\n    a = b = x\n    c, d = x\n    [e, g] = x\n    h, *i = x\n    (j,) = x\n    return a"
        ),
        ("def f(x):\n    y = x + \\\n        1\n    return y", "def f(x):\n    y = x + 1\n    return y"),
        ("def f(x):\n    print(x)\n    return", "def f(x):\n    print(x)\n    return None"),
        ("def f(a, b):\n    return a, b", "def f(a, b):\n    return (a, b)"),
        (
            "def f(x):\n    pass\n    return x\n    for i in x:\n        pass\n    return 0",
            "def f(x):\n    return x"
        ),
        ("def f(x):\n    y: float = x * 2\n    z: int\n    return y", "def f(x):\n    y = x * 2\n    return y"),
        ("def f(x):\n    g = lambda v=1: v + x\n    return g", "def f(x):\n    g = lambda v=1: v + x\n    return g"),
        (
            "def f(x):\n    s = \"a # not a comment (\" + 'b'\n    return s",
            "def f(x):\n    s = 'a # not a comment (' + 'b'\n    return s"
        ),
        ("def f(x):\n\ty = x\n\treturn y", "def f(x):\n    y = x\n    return y"),
        ("def f(x):\r\n    y = x\r\n    return y\r\n", "def f(x):\n    y = x\n    return y"),
        (
            "def f(x):\n    y = K.mean(x, axis=-1, keepdims=True)\n    return y == 1",
            "def f(x):\n    y = K.mean(x, axis=-1, keepdims=True)\n    return y == 1"
        ),
        (
            "def f(x):\n    match = x\n    type = match\n    return type",
            "def f(x):\n    match = x\n    type = match\n    return type"
        ),
        ("def f(x):\n    u'''doc'''\n    return rb'\\d' + b'''\n'''", "def f(x):\n    return b'\\\\d' + b'\\n'"),
        (
            "def f(x):\n    s = 'it\\'s # (' + \"\\\"\"\n    return s",
            "def f(x):\n    s = \"it's # (\" + '\"'\n    return s"
        ),
        ("def f(a,\n      b) \\\n  -> int:\n    return a + b", "def f(a, b):\n    return a + b"),
        ("def f(x):\n# flush-left comment\n        # deep comment\n\n    return x", "def f(x):\n    return x"),
        ("def f(x):\n    y = 1\nz = 2\n", "def f(x):\n    y = 1"),
    ])
    func parsesDefinition(file: String, printed: String) throws {
        let source = try FunctionSource.parse(file)
        #expect(source.functionNames == ["f"])
        let definition = try #require(try source.function(named: "f"))
        #expect(definition.source == printed)
    }

    @Test func readsFilesWithoutDefinitions() throws {
        for file in ["", "\n\n# only a comment", "x = 1"] {
            let source = try FunctionSource.parse(file)
            #expect(source.functionNames.isEmpty)
            #expect(try source.function(named: "f") == nil)
        }
    }

    @Test func mapsParameterKinds() throws {
        let source = try FunctionSource.parse("def f(a, /, b=1, *rest, c, **options):\n    return a\n")
        let definition = try #require(try source.function(named: "f"))
        #expect(
            definition.parameters == [
                Parameter("a"), Parameter("b", defaultValue: .constant(.int(1))), Parameter("rest", kind: .varArgs),
                Parameter("c", kind: .keywordOnly), Parameter("options", kind: .varKeywords),
            ])
        #expect(definition.body == [.return(.name("a"))])
    }

    static let module = """
        \"\"\"Module docstring.\"\"\"
        from __future__ import annotations
        import numpy as np, os.path
        import tensorflow.keras.backend as K
        from keras import ops as kops, layers
        from .local import (helper,
            other as alias,)
        from . import sibling

        SCALE = 1 / 255
        A, B = 1, 2
        X = Y = [1, 2]
        LIMIT: int = 10
        counter += 1
        CONFIG = {x: y for x in z}
        if DEBUG: SKIPPED = 1; ALSO_SKIPPED = 2

        class Layer:
            def call(self, x):
                return x

        if __name__ == "__main__":
            def hidden(): return 0
            main()

        def first(x):
            for i in x:
                pass

        async def coroutine(): pass

        def second(y): return y
        def first(x): return x
        """

    @Test func readsTheTopLevel() throws {
        let source = try FunctionSource.parse(Self.module)
        #expect(source.functionNames == ["first", "second"])
        #expect(try source.function(named: "first")?.source == "def first(x):\n    return x")
        for hidden in ["call", "hidden", "coroutine", "main"] { #expect(try source.function(named: hidden) == nil) }
        #expect(
            source.imports == [
                "annotations": "__future__.annotations", "np": "numpy", "os": "os", "K": "tensorflow.keras.backend",
                "kops": "keras.ops", "layers": "keras.layers", "helper": ".local.helper", "alias": ".local.other",
                "sibling": ".sibling",
            ])
        #expect(source.constants.map(\.name) == ["SCALE", "A", "B", "X", "Y", "LIMIT"])
        #expect(source.constants.map(\.value.source) == ["1 / 255", "1", "2", "[1, 2]", "[1, 2]", "10"])
        #expect(source.constants.map(\.line) == [10, 11, 11, 12, 12, 13])
        #expect(source.constant(named: "LIMIT") == .constant(.int(10)))
    }

    @Test func parsesDefinitionsLazily() throws {
        let source = try FunctionSource.parse("def bad(x):\n    while x: pass\n\ndef good(x):\n    return x\n")
        #expect(try source.function(named: "good")?.body == [.return(.name("x"))])
        #expect(throws: PythonSyntaxError("unsupported statement 'while' in def bad", line: 2, column: 5)) {
            try source.function(named: "bad")
        }
    }

    /// Errors found when a def is parsed, at file positions.
    @Test(arguments: [
        ("def f(x):\n    for i in x:\n        pass\n    return x", 2, 5, "unsupported statement 'for' in def f"),
        ("def f(x):\n    y = (x +\n         )\n    return y", 3, 10, "unexpected ')'"),
        ("def f(x):\n    return x +* 2", 2, 15, "unexpected '*'"),
        ("def f(x):\n    y = [x,\n         $]\n    return y", 3, 10, "expected a name after '$'"),
        ("def f(x=1 +):\n    return x", 1, 12, "unexpected end of expression"),
        ("def f(x):\n    x.y = 1\n    return x", 2, 5, "unsupported assignment target 'x.y' in def f"),
        ("def f(x):\n    a, x[0] = x\n    return x", 2, 5, "unsupported assignment target 'x[0]' in def f"),
        ("def f(x):\n    x[0] += 1\n    return x", 2, 5, "unsupported assignment target 'x[0]' in def f"),
        ("def f(x):\n    *a, *b = x\n    return a", 2, 5, "multiple starred expressions in assignment in def f"),
        ("def f(x):\n    def g(y):\n        return y\n    return g(x)", 2, 5, "unsupported statement 'def' in def f"),
        ("def f(x):\n    y = x\n        z = y\n    return z", 3, 9, "unexpected indent"),
        ("def f(x):\n        y = x\n    return y", 3, 5, "unindent does not match any outer indentation level"),
        ("def f(x):\n    global K\n    return x", 2, 5, "unsupported statement 'global' in def f"),
        ("def f(x):\n    yield x", 2, 5, "unsupported statement 'yield' in def f"),
        ("def f(x):\n    y = 1; from . import os\n    return y", 2, 12, "unsupported relative import in def f"),
        (
            "def f(x):\n    @decorate\n    def g(): pass\n    return x", 2, 5,
            "unsupported statement 'decorator' in def f"
        ),
        ("def f(x):\n\ny = 1", 1, 10, "expected an indented block after function definition on line 1"),
        ("def f(x): return x\n    y = 1", 2, 5, "unexpected indent"),
        ("def f(x) return x", 1, 10, "expected ':'"),
        ("def f(x, 1): return x", 1, 10, "expected a parameter name"),
        ("def f(x):\n    return $x", 2, 12, "invalid character '$'"),
    ])
    func reportsDefinitionErrors(file: String, line: Int, column: Int, message: String) throws {
        let source = try FunctionSource.parse(file)
        #expect(throws: PythonSyntaxError(message, line: line, column: column)) {
            try source.function(named: "f")
        }
    }

    /// Errors found when the file is first read.
    @Test(arguments: [
        ("x = \"\"\"abc\n\ndef f(): pass", 1, 5, "unterminated triple-quoted string"),
        ("x = 'abc\ndef f(): pass", 1, 5, "unterminated string"),
        ("x = f(1,\n  2\n", 1, 6, "'(' was never closed"),
        ("x = (1]", 1, 7, "closing parenthesis ']' does not match opening parenthesis '('"),
        ("x = 1)", 1, 6, "unmatched ')'"),
        ("  x = 1", 1, 3, "unexpected indent"),
        ("from os import", 1, 15, "expected a name in import statement"),
        ("import os as", 1, 13, "expected a name in import statement"),
        ("from os import (a, b", 1, 16, "'(' was never closed"),
        ("def (x): pass", 1, 5, "expected a function name"),
        ("import $os", 1, 8, "invalid character '$'"),
    ])
    func reportsFileErrors(file: String, line: Int, column: Int, message: String) {
        #expect(throws: PythonSyntaxError(message, line: line, column: column)) {
            try FunctionSource.parse(file)
        }
    }
}
