import CoreOps
import PythonAST
import Rewrite

/// Runs each rule's `tests` through the whole rule set: the `in` lambda must reach the `out`
/// normal form, use the rule under test, and (for numeric tests) evaluate within tolerance of
/// TensorFlow's recorded outputs — or within the rule's declared approximation bound.
struct RuleTestRunner {
    let library: RuleLibrary
    let recordings: [String: NumericRecordings]
    /// Exact rules: float32 TensorFlow against a float64 reference.
    static let tolerance = 1e-5

    /// The failures of the tests in `files`: of every rule's, or only of rule `ruleID`'s.
    func run(files: Set<String>, rule ruleID: String? = nil) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for file in library.files where files.contains(file.source.name) {
            guard let spec = file.spec else { continue }
            let lines = file.source.text.split(separator: "\n", omittingEmptySubsequences: false)
            for rule in spec.rules where ruleID == nil || rule.id.value == ruleID {
                for (index, test) in rule.tests.enumerated() {
                    if let problem = check(test, index: index, rule: rule, file: file.source.name) {
                        found.append(
                            Diagnostic(
                                .ruleTest, problem.message, file: file.source.name, line: test.input.line,
                                column: test.input.column, lines: lines, severity: problem.severity))
                    }
                }
            }
        }
        return found
    }

    private func check(
        _ test: RuleTestSpec, index: Int, rule: RuleSpec, file: String
    ) -> (severity: Diagnostic.Severity, message: String)? {
        guard case .lambda(let parameters, let body)? = try? ExpressionParser.parse(test.input.value) else {
            return (.error, "'in' must be a lambda: \(test.input.value)")
        }
        let variables = Set(parameters.map(\.name))
        let result = library.rewrite(body, variables: variables, shapes: test.shapes)
        let got = result.text(result.root)
        if let refusal = rule.refusal {
            // A refusal's test passes when the rule refuses part of the lambda, for its reason.
            let refused = result.nearMisses.values.contains { misses in
                misses.contains { $0.ruleID == rule.id.value && $0.why == .refused(refusal.value) }
            }
            guard refused else {
                return (.error, "\(test.input.value) gives \(got), which rule '\(rule.id.value)' does not refuse")
            }
            // Its `out` is the term left unconverted.
            return test.output.map(\.value).map { $0 == got ? nil : (.error, "refuses \(got), expected \($0)") } ?? nil
        }
        if let output = test.output {
            let expected: TermID?
            do {
                expected = try library.term(ofCoreExpression: output.value, variables: variables, in: result.graph)
            } catch {
                return (.error, "'out' is not an expression: \(error)")
            }
            if expected != result.root {
                return (.error, "\(test.input.value) gives \(got), expected \(output.value)\(stopNote(result))")
            }
        } else if !result.isNormalForm {
            return (.error, "\(test.input.value) gives \(got)\(stopNote(result))")
        }
        if !result.steps.contains(where: { $0.ruleID == rule.id.value }) {
            let used = Set(result.steps.map { $0.ruleID }).sorted().joined(separator: ", ")
            return (.warning, "the test does not use rule '\(rule.id.value)' (rules used: \(used))")
        }
        guard test.numeric else { return nil }
        return numeric(result, key: "\(rule.id.value)/\(index)", test: test, rule: rule, file: file)
    }

    private func numeric(
        _ result: RewriteResult, key: String, test: RuleTestSpec, rule: RuleSpec, file: String
    ) -> (severity: Diagnostic.Severity, message: String)? {
        guard let recorded = recordings[file]?.cases[key] else {
            return (.warning, "no TensorFlow output recorded for \(key); run scripts/record_rule_outputs.py")
        }
        guard recorded.source == test.input.value else {
            return (.warning, "the recording of \(key) is for '\(recorded.source)'; record it again")
        }
        var evaluator = TermEvaluator(graph: result.graph, inputs: recorded.inputs)
        let value: Tensor
        do {
            value = try evaluator.evaluate(result.root)
        } catch {
            return (.error, "cannot evaluate \(result.text(result.root)): \(error)")
        }
        guard value.values.count == recorded.output.values.count else {
            return (.error, "\(key): shape \(value.shape) differs from TensorFlow's \(recorded.output.shape)")
        }
        let errors = zip(value.values, recorded.output.values).map { abs($0 - $1) }
        let worst = errors.max() ?? 0
        if let bound = rule.approximation?.maxAbsoluteError {
            return worst <= bound
                ? nil : (.error, "max abs error \(worst) exceeds the declared bound \(bound) over the domain")
        }
        let scale = recorded.output.values.map(abs).max() ?? 0
        return worst <= Self.tolerance * max(1, scale)
            ? nil : (.error, "max abs error \(worst) against TensorFlow (tolerance \(Self.tolerance))")
    }

    private func stopNote(_ result: RewriteResult) -> String {
        switch result.stop {
        case .normalForm: return ""
        case .stepLimit(let steps): return " (stopped after \(steps) steps)"
        case .cycle(let rules): return " (rules loop: \(rules.joined(separator: ", ")))"
        case .stuck(let residue): return " (stuck on \(residue.map(result.text).joined(separator: ", ")))"
        }
    }
}
