import PythonAST
import Rewrite
import Testing

/// A rule is checked when it is built, as egg's `Rewrite::new` checks one: a metavariable the
/// rewrite or a `where` uses but the pattern does not bind is refused, by name.
@Suite struct RuleConstructionTests {
    @Test func aBoundRuleBuilds() throws {
        let rule = try FixpointEngineTests.rule("square", "tf.square($x)", "mul($x, $x)")
        #expect(rule.id == "square")
    }

    @Test(arguments: [
        ("tf.square($x)", "mul($x, $y)", [Constraint](), "y", RuleError.UnboundMetavariable.Use.rewrite),
        ("tf.square($x)", "mul($x, $x)", [Constraint("n", .int)], "n", .constraint),
    ])
    func anUnboundMetavariableIsRefused(
        match: String, rewrite: String, constraints: [Constraint], name: String, use: RuleError.UnboundMetavariable.Use
    ) throws {
        #expect(throws: RuleError.unboundMetavariables([.init(name: name, use: use, pattern: 0)])) {
            try FixpointEngineTests.rule("bad", match, rewrite, where: constraints)
        }
        do {
            _ = try FixpointEngineTests.rule("bad", match, rewrite, where: constraints)
        } catch let error as RuleError {
            #expect(error.description.contains("$\(name)"))
        }
    }

    /// Each pattern must bind what the rewrite uses: the second one here leaves `$y` unbound.
    @Test func everyPatternIsChecked() throws {
        let matcher = PatternBuilder(vocabulary: FixpointEngineTests.vocabulary, mode: .match)
        let rewriter = PatternBuilder(vocabulary: FixpointEngineTests.vocabulary, mode: .rewrite)
        let patterns = try ["tf.maximum($x, $y)", "tf.nn.relu($x)"].map {
            matcher.build(try ExpressionParser.parse($0))
        }
        let rewrite = rewriter.build(try ExpressionParser.parse("add($x, $y)"))
        #expect(throws: RuleError.unboundMetavariables([.init(name: "y", use: .rewrite, pattern: 1)])) {
            try Rule(id: "two", patterns: patterns, rewrite: rewrite)
        }
    }
}
