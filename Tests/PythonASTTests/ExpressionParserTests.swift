import PythonAST
import TestSupport
import Testing

@Suite struct ExpressionParserTests {
    /// Sources and the minimal-parentheses text the printer gives for them.
    @Test(arguments: [
        ("lambda x: x / 127.5 - 1.0", "lambda x: x / 127.5 - 1.0"),
        ("lambda x: (x / 127.5) - 1.0", "lambda x: x / 127.5 - 1.0"),
        ("lambda x: x / (127.5 - 1.0)", "lambda x: x / (127.5 - 1.0)"),
        ("lambda x: K.l2_normalize(x, axis=-1)", "lambda x: K.l2_normalize(x, axis=-1)"),
        ("lambda t: K.abs(t[0] - t[1])", "lambda t: K.abs(t[0] - t[1])"),
        ("lambda x: x[..., ::-1]", "lambda x: x[..., ::-1]"),
        ("lambda x: x[:, 1:3]", "lambda x: x[:, 1:3]"),
        ("lambda x: x[(0, 1)]", "lambda x: x[0, 1]"),
        ("lambda x: x[:, None, -1:]", "lambda x: x[:, None, -1:]"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("a ** b ** c", "a ** b ** c"),
        ("(a ** b) ** c", "(a ** b) ** c"),
        ("-x ** 2", "-x ** 2"),
        ("(-x) ** 2", "(-x) ** 2"),
        ("(-1) ** n", "(-1) ** n"),
        ("2 ** -1", "2 ** -1"),
        ("not a and b or c", "not a and b or c"),
        ("not (a and b)", "not (a and b)"),
        ("a if b else c if d else e", "a if b else c if d else e"),
        ("(a if b else c) if d else e", "(a if b else c) if d else e"),
        ("a < b <= c", "a < b <= c"),
        ("x is not None and y not in z", "x is not None and y not in z"),
        ("f(*args, key=1, **kw)", "f(*args, key=1, **kw)"),
        ("[1, *rest]", "[1, *rest]"),
        ("{'a': 1, **more}", "{'a': 1, **more}"),
        ("{1, 2}", "{1, 2}"),
        ("(1,)", "(1,)"),
        ("()", "()"),
        ("x.mean(axis=1).T", "x.mean(axis=1).T"),
        ("(1).real", "(1).real"),
        ("~mask & (a | b)", "~mask & (a | b)"),
        ("a @ b", "a @ b"),
        ("'it''s'", "'its'"),
        ("\"it's\"", "\"it's\""),
        ("b'\\x00\\\\'", "b'\\x00\\\\'"),
        ("2j + 1e-07", "2j + 1e-07"),
        ("lambda x, a=0.5, *r, k=1, **o: x", "lambda x, a=0.5, *r, k=1, **o: x"),
        ("lambda: 0", "lambda: 0"),
        ("$x * tensorflow.nn.relu6($x + 3.0) / 6.0", "$x * tensorflow.nn.relu6($x + 3.0) / 6.0"),
        ("f(lambda y: y)(z)", "f(lambda y: y)(z)"),
        ("(lambda y: y)(z)", "(lambda y: y)(z)"),
        ("0x1F + 0o7 + 0b11 + 1_000", "31 + 7 + 3 + 1000"),
        ("-9223372036854775809", "-9223372036854775809"),
    ])
    func printsWithMinimalParentheses(source: String, printed: String) throws {
        let tree = try ExpressionParser.parse(source)
        #expect(tree.source == printed)
        #expect(try ExpressionParser.parse(tree.source) == tree)
    }

    @Test func foldsNegativeLiteralsAsCPythonDoes() throws {
        #expect(try ExpressionParser.parse("-1") == .constant(.int(-1)))
        #expect(try ExpressionParser.parse("-2.5") == .constant(.float(-2.5)))
        #expect(try ExpressionParser.parse("-x") == .unary(.negate, .name("x")))
        #expect(try ExpressionParser.parse("x[-1]") == .subscription(.name("x"), .constant(.int(-1))))
    }

    @Test func buildsTheExpectedTree() throws {
        let tree = try ExpressionParser.parse("lambda inputs, scale: inputs[0] + inputs[1] * scale")
        let expected = Expression.lambda(
            parameters: [Parameter("inputs"), Parameter("scale")],
            body: .binary(
                .add, .subscription(.name("inputs"), .constant(.int(0))),
                .binary(.multiply, .subscription(.name("inputs"), .constant(.int(1))), .name("scale"))))
        #expect(tree == expected)
    }

    @Test func roundTripsEveryFixtureLambda() throws {
        let sources = FixtureManifest.shared.models.flatMap(\.lambdas).compactMap(\.source).filter {
            $0.hasPrefix("lambda")
        }
        #expect(sources.count > 50)
        for source in Set(sources) {
            let tree = try ExpressionParser.parse(source)
            #expect(try ExpressionParser.parse(tree.source) == tree, "\(source)")
        }
    }

    @Test(arguments: [
        ("lambda x: x +", 1, 14, "unexpected end"),
        ("f(x for x in y)", 1, 5, "generator expression"),
        ("[x for x in y]", 1, 4, "comprehension"),
        ("x = 1", 1, 3, "unexpected '='"),
        ("'abc", 1, 1, "unterminated string"),
        ("a $", 1, 3, "expected a name after '$'"),
        ("f(\n  1,\n  ?)", 3, 3, "unexpected character '?'"),
        ("lambda if: 0", 1, 8, "expected a name"),
    ])
    func reportsErrorsWithPosition(source: String, line: Int, column: Int, message: String) {
        #expect {
            try ExpressionParser.parse(source)
        } throws: { error in
            guard let error = error as? PythonSyntaxError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }
}
