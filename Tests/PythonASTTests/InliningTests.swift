import PythonAST
import Testing

@Suite struct InliningTests {
    private static func definition(_ file: String) throws -> FunctionDefinition {
        try #require(try FunctionSource.parse(file).function(named: "f"))
    }

    /// A def and the lambda it inlines to.
    @Test(arguments: [
        ("def f(x):\n    y = x * 2\n    y = y + 1\n    return y", "lambda x: x * 2 + 1"),
        ("def f(x):\n    x = x / 255.0\n    x -= 0.5\n    return x * 2.0", "lambda x: (x / 255.0 - 0.5) * 2.0"),
        ("def f(x):\n    a, b = x + 1, x - 1\n    return a * b", "lambda x: (x + 1) * (x - 1)"),
        ("def f(x, y):\n    x, y = y, x\n    return x - y", "lambda x, y: y - x"),
        ("def f(t):\n    a, b = t\n    return a / b", "lambda t: t[0] / t[1]"),
        ("def f(t):\n    [a, b] = g(t)\n    return a", "lambda t: g(t)[0]"),
        ("def f(t):\n    first, *middle, last = t\n    return middle, first, last", "lambda t: (t[1:-1], t[0], t[-1])"),
        ("def f(t):\n    *init, last = t\n    return init", "lambda t: t[:-1]"),
        ("def f(t):\n    head, *tail = t\n    return tail", "lambda t: t[1:]"),
        ("def f():\n    a, *b = 1, 2, 3\n    return a, b", "lambda: (1, [2, 3])"),
        ("def f():\n    *a, b, c = [1, 2]\n    return a, b, c", "lambda: ([], 1, 2)"),
        ("def f(t):\n    (a, b), c = t\n    return a + c", "lambda t: t[0][0] + t[1]"),
        ("def f(x):\n    a = b = x + 1\n    return a * b", "lambda x: (x + 1) * (x + 1)"),
        ("def f(x):\n    \"\"\"Doc.\"\"\"\n    tf.print(x)\n    pass\n    return x", "lambda x: x"),
        ("def f(x):\n    y = x + 1\n    g = lambda y: y * 2\n    return g(y)", "lambda x: (lambda y: y * 2)(x + 1)"),
        ("def f(x):\n    y = x + 1\n    return lambda x: x + y", "lambda x: lambda x_1: x_1 + (x + 1)"),
        ("def f(x):\n    y = x + 1\n    return lambda z=y: z + y", "lambda x: lambda z=x + 1: z + (x + 1)"),
        (
            "def f(x, *args, scale=2, **kw):\n    return g(x, *args, **kw) * scale",
            "lambda x, *args, scale=2, **kw: g(x, *args, **kw) * scale"
        ),
        ("def f(x):\n    return\n    y = 1", "lambda x: None"),
    ])
    func inlines(file: String, inlined: String) throws {
        #expect(try Self.definition(file).inlined().source == inlined)
    }

    @Test(arguments: [
        ("def f(x):\n    y = x", "no return statement"),
        ("def f(x):\n    a, b = 1, 2, 3\n    return a", "cannot unpack 3 values into 2 targets"),
        ("def f(x):\n    a, *b, c = [1]\n    return a", "cannot unpack 1 values into 3 targets"),
        ("def f(x):\n    y = z + x\n    z = 1\n    return y", "local variable 'z' is used before it is assigned"),
    ])
    func reportsInliningErrors(file: String, message: String) throws {
        #expect(throws: InliningError(function: "f", message: message)) { try Self.definition(file).inlined() }
    }

    /// Each `y = y * y` doubles the tree; without a bound, thirty lines make a billion nodes.
    @Test func refusesABodyThatDoublesPastTheSizeBound() throws {
        let squarings = String(repeating: "    y = y * y\n", count: 30)
        #expect(
            throws: InliningError(
                function: "f",
                message: "the expression grows past \(Expression.maximumSize) nodes when its locals are substituted")
        ) { try Self.definition("def f(x):\n    y = x\n\(squarings)    return y").inlined() }
        // Twelve squarings (8,191 nodes) stay within the bound and inline.
        let twelve = String(repeating: "    y = y * y\n", count: 12)
        let inlined = try Self.definition("def f(x):\n    y = x\n\(twelve)    return y").inlined()
        #expect(!inlined.exceedsSize(Expression.maximumSize) && inlined.exceedsSize(8_000))
    }

    @Test func rejectsTargetsThatAreNotNames() {
        let definition = FunctionDefinition(
            name: "g", parameters: [Parameter("a")],
            body: [.assign(targets: [.attribute(.name("a"), "b")], value: .constant(.int(1))), .return(.name("a"))])
        #expect(throws: InliningError(function: "g", message: "unsupported assignment target 'a.b'")) {
            try definition.inlined()
        }
        #expect(
            InliningError(function: "g", message: "no return statement").description == "def g: no return statement")
    }

    @Test func inlinesALambdaDefinitionToItself() throws {
        let lambda = try ExpressionParser.parse("lambda x, k=1: x + k")
        guard case .lambda(let parameters, let body) = lambda else {
            Issue.record("expected a lambda, got \(lambda)")
            return
        }
        #expect(try FunctionDefinition.lambda(parameters: parameters, result: body).inlined() == lambda)
    }

    @Test(arguments: [
        ("x + y", ["y": "x * 2"], "x + x * 2"),
        ("lambda y: x + y", ["y": "1", "x": "2"], "lambda y: 2 + y"),
        ("lambda y=x: y", ["x": "3"], "lambda y=3: y"),
        ("lambda y, y_1: y + y_1 + z", ["z": "y"], "lambda y_2, y_1: y_2 + y_1 + y"),
        ("f(a, k=b)[c:d]", ["a": "1", "b": "2", "c": "3", "d": "4"], "f(1, k=2)[3:4]"),
    ])
    func substitutes(source: String, bindings: [String: String], expected: String) throws {
        var parsed: [String: Expression] = [:]
        for (name, value) in bindings { parsed[name] = try ExpressionParser.parse(value) }
        #expect(try ExpressionParser.parse(source).substituting(parsed).source == expected)
    }
}
