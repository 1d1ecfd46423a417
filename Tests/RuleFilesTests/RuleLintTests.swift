import RuleFiles
import Testing

/// Each lint check on a small rule file that trips it: the check id and where it points.
@Suite struct RuleLintTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var yaml: String
        var check: String
        var line: Int
        var column: Int
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "yaml syntax", yaml: "rules:\n  - id: a\n    match: [x\n", check: "yaml-syntax", line: 3, column: 14),
        Case(
            name: "unknown key",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: exp($x)\n    rewite: x\n",
            check: "schema", line: 5, column: 5),
        Case(
            name: "missing rewrite", yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n", check: "schema",
            line: 2, column: 5),
        Case(
            name: "rewrite and refuse",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: exp($x)\n    refuse: no\n",
            check: "schema", line: 2, column: 5),
        Case(
            name: "refusal that does not refuse",
            yaml:
                "rules:\n  - id: a\n    match: f($x, 1)\n    refuse: 'ones only'\n    tests:\n      - {in: \"lambda x: f(x, 2)\", out: \"f(x, 2)\"}\n",
            check: "rule-test", line: 6, column: 14),
        Case(
            name: "pattern syntax",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x +)\n    rewrite: exp($x)\n",
            check: "pattern-syntax", line: 3, column: 36),
        Case(
            name: "unbound metavariable",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: add($x, $y)\n",
            check: "unbound-metavariable", line: 4, column: 14),
        Case(
            name: "unknown op",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: expo($x)\n",
            check: "unknown-op", line: 4, column: 14),
        Case(
            name: "wrong arity",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: exp($x, $x)\n",
            check: "op-arity", line: 4, column: 14),
        Case(
            name: "an attribute passed as an operand",
            yaml: "rules:\n  - id: a\n    match: f($x, $a)\n    rewrite: reduce_sum($x, $a)\n",
            check: "op-arity", line: 4, column: 14),
        Case(
            name: "unknown attribute",
            yaml: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: softmax($x, axes=1)\n",
            check: "op-attribute", line: 4, column: 14),
        Case(
            name: "unknown constraint",
            yaml:
                "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    where: {$x: tensorish}\n    rewrite: exp($x)\n",
            check: "where-constraint", line: 4, column: 17),
        Case(
            name: "duplicate id",
            yaml:
                "rules:\n  - id: a\n    match: f($x)\n    rewrite: exp($x)\n  - id: a\n    match: g($x)\n    rewrite: exp($x)\n",
            check: "duplicate-id", line: 5, column: 9),
        Case(
            name: "shadowed",
            yaml:
                "rules:\n  - id: general\n    match: f($x, $y)\n    rewrite: add($x, $y)\n  - id: special\n    match: f($x, 1.0)\n    rewrite: exp($x)\n",
            check: "shadowed", line: 5, column: 5),
        Case(
            name: "loop",
            yaml:
                "rules:\n  - id: there\n    match: exp($x)\n    rewrite: log($x)\n  - id: back\n    match: log($x)\n    rewrite: exp($x)\n",
            check: "loop", line: 2, column: 5),
        Case(
            name: "no tests",
            yaml: "rules:\n  - id: a\n    match: f($x)\n    rewrite: exp($x)\n",
            check: "no-tests", line: 2, column: 9),
        Case(
            name: "failing test",
            yaml:
                "rules:\n  - id: a\n    match: f($x)\n    rewrite: exp($x)\n    tests:\n      - {in: \"lambda x: f(x)\", out: \"log(x)\"}\n",
            check: "rule-test", line: 6, column: 14),
        Case(
            name: "unused alias",
            yaml: "aliases:\n  nothing: no.such.module\nrules: []\n",
            check: "unused-alias", line: 2, column: 3),
    ]

    @Test(arguments: cases)
    func eachCheckFindsItsProblem(test: Case) {
        let source = RuleSource(name: "user.yaml", text: test.yaml, isBuiltIn: false)
        let library = RuleLibrary(sources: RuleLibrary.builtInSources + [source])
        let findings = RuleLinter(library: library, linted: ["user.yaml"]).run()
        let found = findings.first { $0.checkID == test.check }
        #expect(found != nil, "\(findings.map(\.description))")
        #expect(found?.line == test.line && found?.column == test.column, "\(found?.description ?? "")")
        #expect(found?.rendered.contains("^") == true)
    }

    /// A list literal in a pattern matches the tuple the engine folds a Python list or tuple to.
    @Test func aListInAPatternMatchesATuple() {
        let yaml = """
            signatures:
              mylib.pick: (x, idx)
            rules:
              - id: pick-even
                match: mylib.pick($x, [0, 2, 4])
                rewrite: slice($x, begin=(0, 0), end=(0, 0), strides=(1, 2), begin_mask=3, end_mask=3)
                tests:
                  - {in: "lambda x: mylib.pick(x, (0, 2, 4))", out: "slice(x, begin=(0, 0), end=(0, 0), strides=(1, 2), begin_mask=3, end_mask=3)"}
                  - {in: "lambda x: mylib.pick(x, [0, 2, 4])", out: "slice(x, begin=(0, 0), end=(0, 0), strides=(1, 2), begin_mask=3, end_mask=3)"}
            """
        let source = RuleSource(name: "lists.yaml", text: yaml, isBuiltIn: false)
        let library = RuleLibrary(sources: RuleLibrary.builtInSources + [source])
        let findings = RuleLinter(library: library, linted: ["lists.yaml"]).run()
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings.map(\.description))")
    }

    @Test func aRuleThatIsNotCloseFailsItsApproximationBound() throws {
        let yaml = """
            rules:
              - id: square-by-relu
                match: tensorflow.math.square($x)
                rewrite: square(relu($x))
                priority: 10
                approximate: {max_abs_error: 0.001, domain: [-2, 2]}
                tests:
                  - {in: "lambda x: tf.square(x)", numeric: true}
            """
        let recordings = try NumericRecordings.parse(
            """
            {"tests": {"square-by-relu/0": {"source": "lambda x: tf.square(x)",
              "inputs": {"x": {"shape": [5], "values": [-2.0, -1.0, 0.0, 1.0, 2.0]}},
              "output": {"shape": [5], "values": [4.0, 1.0, 0.0, 1.0, 4.0]}}}}
            """)
        let source = RuleSource(name: "approx.yaml", text: yaml, isBuiltIn: false)
        let library = RuleLibrary(sources: RuleLibrary.builtInSources + [source])
        let findings = RuleLinter(library: library, linted: ["approx.yaml"], recordings: ["approx.yaml": recordings])
            .run()
        let failure = try #require(findings.first { $0.checkID == "rule-test" })
        #expect(failure.message.contains("exceeds the declared bound"), "\(failure)")
    }
}
