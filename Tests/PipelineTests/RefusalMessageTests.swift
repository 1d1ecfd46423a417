import PythonAST
import RuleFiles
import Testing

@testable import Pipeline

/// A Lambda a rule refuses (`refuse:`) reports the refused call with the rule's reason, which is
/// what `convert` and `inspect` print after "unsupported:".
@Suite struct RefusalMessageTests {
    static let library = RuleLibrary(sources: RuleLibrary.builtInSources)

    @Test(
        arguments: [
            ("lambda t: K.flatten(t)", "keras.backend.flatten(x=t): K.flatten is tf.reshape(x, [-1])"),
            (
                "lambda t: tf.boolean_mask(t, t > 0) * 2.0",
                "tensorflow.boolean_mask(tensor=t, mask=greater(t, 0)): the output shape"
            ),
            ("lambda t: tf.where(t > 0)", "tensorflow.where(condition=greater(t, 0)): single-argument tf.where"),
        ])
    func theResidueCarriesTheReason(source: String, expected: String) throws {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(source) else {
            Issue.record("not a lambda: \(source)")
            return
        }
        let result = Self.library.rewrite(body, variables: Set(parameters.map(\.name)), shapes: ["t": [nil, 6]])
        let summary = RewriteSummary(result)
        #expect(summary.status == .unsupported)
        #expect(summary.residueText.hasPrefix(expected), "\(summary.residueText)")
    }

    @Test func threeArgumentWhereStillSelects() throws {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse("lambda t: tf.where(t > 0, t, 0.0)")
        else {
            Issue.record("not a lambda")
            return
        }
        let summary = RewriteSummary(Self.library.rewrite(body, variables: Set(parameters.map(\.name))))
        #expect(summary.status == .rewritable)
        #expect(summary.result == "select(greater(t, 0), t, 0.0)")
    }
}
