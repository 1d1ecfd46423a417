import PythonAST
import Rewrite
import Testing

/// The engine on small hand-made rule sets: table rows `start => goal`.
@Suite struct FixpointEngineTests {
    static var vocabulary: Vocabulary {
        var vocabulary = Vocabulary()
        vocabulary.aliases = [
            "tf": "tensorflow", "K": "keras.backend", "tensorflow.square": "tensorflow.math.square",
            "tensorflow.reduce_mean": "tensorflow.math.reduce_mean", "tensorflow.sqrt": "tensorflow.math.sqrt",
        ]
        vocabulary.signatures["tensorflow.math.reduce_mean"] = try? Signature.parse(
            "(input_tensor, axis=None, keepdims=False, name=None)")
        for name in ["mul", "add", "sub", "div", "neg", "sqrt", "relu6", "sigmoid", "pow"] {
            vocabulary.coreOps[name] = Signature(
                parameters: [.init(name: "a", defaultValue: nil, isVariadic: true)], positionalCount: 0)
        }
        vocabulary.coreOps["reduce_mean"] = Signature(
            parameters: [
                .init(name: "x", defaultValue: nil, isVariadic: false),
                .init(name: "axes", defaultValue: .constant(.none), isVariadic: false),
                .init(name: "keepdims", defaultValue: .constant(.bool(false)), isVariadic: false),
            ], positionalCount: 1)
        return vocabulary
    }

    static func rule(_ id: String, _ match: String, _ rewrite: String, where constraints: [Constraint] = []) throws
        -> Rule
    {
        let matcher = PatternBuilder(vocabulary: vocabulary, mode: .match)
        let rewriter = PatternBuilder(vocabulary: vocabulary, mode: .rewrite)
        return try Rule(
            id: id, patterns: [matcher.build(try ExpressionParser.parse(match))], constraints: constraints,
            rewrite: rewriter.build(try ExpressionParser.parse(rewrite)))
    }

    static func run(_ lambda: String, _ rules: [Rule], options: FixpointEngine.Options = .init()) throws
        -> RewriteResult
    {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(lambda) else {
            throw PythonSyntaxError("not a lambda", line: 1, column: 1)
        }
        let builder = PatternBuilder(vocabulary: vocabulary, mode: .function, variables: Set(parameters.map(\.name)))
        let graph = TermGraph()
        let root = try #require(builder.build(body).instantiate(in: graph))
        return FixpointEngine(rules: RuleSet(rules), vocabulary: vocabulary, graph: graph, options: options).run(root)
    }

    @Test(arguments: [
        ("lambda x: tf.square(x)", "mul(x, x)"),
        ("lambda x: tf.math.square(x)", "mul(x, x)"),
        ("lambda x: tf.reduce_mean(x, 1)", "reduce_mean(x, axes=1)"),
        ("lambda x: tf.reduce_mean(input_tensor=x, axis=1, keepdims=False, name='m')", "reduce_mean(x, axes=1)"),
        ("lambda x: x * tf.nn.relu6(x + 3.0) / 6.0", "mul(x, div(relu6(add(x, 3.0)), 6.0))"),
        ("lambda t: K.square(t[0] - t[1])", "mul(sub(t[0], t[1]), sub(t[0], t[1]))"),
        ("lambda x: x * (1 / 2)", "mul(x, 0.5)"),
    ])
    func rewritesToTheGoal(start: String, goal: String) throws {
        let rules = [
            try Self.rule("square", "tensorflow.math.square($x)", "mul($x, $x)"),
            try Self.rule("k-square", "keras.backend.square($x)", "mul($x, $x)"),
            try Self.rule("mean", "tensorflow.math.reduce_mean($x, axis=$a)", "reduce_mean($x, axes=$a)"),
            try Self.rule(
                "hard-swish", "$x * tensorflow.nn.relu6($x + 3.0) / 6.0", "mul($x, div(relu6(add($x, 3.0)), 6.0))"),
        ]
        let result = try Self.run(start, rules)
        #expect(result.text(result.root) == goal)
    }

    @Test func stuckTermsComeWithNearMisses() throws {
        let rules = [
            try Self.rule(
                "mean-int", "tensorflow.math.reduce_mean($x, axis=$a)", "reduce_mean($x, axes=$a)",
                where: [Constraint("a", .int)])
        ]
        let result = try Self.run("lambda x: tf.reduce_mean(x, axis=x.shape[1])", rules)
        guard case .stuck(let residue) = result.stop else {
            Issue.record("expected stuck, got \(result.stop)")
            return
        }
        #expect(residue.map(result.text) == ["tensorflow.math.reduce_mean(input_tensor=x, axis=x.shape[1])"])
        let miss = try #require(result.nearMisses[residue[0]]?.first)
        #expect(miss.ruleID == "mean-int")
        #expect(miss.reason.contains("int does not hold"))
    }

    /// Rewrites `tf.math.sqrt` to the core op, where the rules under test take over.
    static var entry: Rule { get throws { try rule("entry", "tensorflow.math.sqrt($x)", "sqrt($x)") } }

    @Test func aTermThatReturnsIsACycle() throws {
        let rules = [try Self.entry, try Self.rule("nest", "sqrt($x)", "sqrt(sqrt($x))")]
        #expect(try Self.run("lambda x: tf.math.sqrt(x)", rules).stop == .cycle(rules: ["nest"]))
    }

    @Test func cyclesAreReportedWithTheirRules() throws {
        let rules = [
            try Self.entry, try Self.rule("there", "sqrt($x)", "neg($x)"), try Self.rule("back", "neg($x)", "sqrt($x)"),
        ]
        let result = try Self.run("lambda x: tf.math.sqrt(x)", rules)
        #expect(result.stop == .cycle(rules: ["back", "there"]))
    }

    @Test func stepLimitStops() throws {
        // Each step makes a new, larger term: no cycle, only the limit stops it.
        let rules = [try Self.entry, try Self.rule("grow", "sqrt($x)", "neg(sqrt(neg($x)))")]
        let result = try Self.run("lambda x: tf.math.sqrt(x)", rules, options: .init(stepLimit: 50))
        #expect(result.stop == .stepLimit(50))
    }

    @Test func approximationsAreReportedAndExactRefusesThem() throws {
        var approximate = try Self.rule("sqrt-by-pow", "tensorflow.math.sqrt($x)", "pow($x, 0.5)")
        approximate.approximation = Rule.Approximation(maxAbsoluteError: 1e-6, domain: 0...10)
        let used = try Self.run("lambda x: tf.math.sqrt(x)", [approximate])
        #expect(used.approximations == ["sqrt-by-pow"])
        let refused = try Self.run("lambda x: tf.math.sqrt(x)", [approximate], options: .init(exact: true))
        guard case .stuck(let residue) = refused.stop else {
            Issue.record("expected stuck, got \(refused.stop)")
            return
        }
        #expect(refused.nearMisses[residue[0]]?.first?.reason.contains("--exact refuses") == true)
    }

    @Test func commutativeOperandsMatchEitherWay() throws {
        let rules = [try Self.rule("swish", "$x * tensorflow.math.sigmoid($x)", "swish($x)")]
        var vocabulary = Self.vocabulary
        vocabulary.coreOps["swish"] = vocabulary.coreOps["neg"]
        for source in ["lambda x: x * tf.math.sigmoid(x)", "lambda x: tf.math.sigmoid(x) * x"] {
            let result = try Self.run(source, rules)
            #expect(result.steps.map(\.ruleID) == ["swish"], "\(source)")
        }
    }
}
