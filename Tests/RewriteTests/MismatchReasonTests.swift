import Rewrite
import Testing

/// Why a rule did not match, as `explain` prints it under "why not".
@Suite struct MismatchReasonTests {
    @Test(arguments: [
        (MismatchReason.conflictingBinding(metavariable: "x", bound: "a", found: "b"), "$x is a here but b there"),
        (.expectedConstant(.float(3), found: "x"), "expected 3.0, found x"),
        (.expectedName("numpy.pi", found: "x"), "expected numpy.pi, found x"),
        (.expectedCall(head: "mul", found: "x"), "expected mul(...), found x"),
        (.argumentCount(expected: 2, found: 1), "expected 2 arguments, found 1"),
        (
            .argument(position: 2, .keyword(name: "axis", .keywordMissing(name: "k"))),
            "argument 2: axis=: k= is not given"
        ),
        (
            .keywordDefault(name: "axis", .expectedConstant(.none, found: "1")),
            "axis= (default): expected None, found 1"
        ),
        (.unexpectedKeyword(name: "axis", value: "1"), "unexpected axis=1"),
        (.unboundConstraint(metavariable: "a"), "$a is not bound"),
        (.constraintFails(metavariable: "a", .int, found: "x"), "where $a: int does not hold for x"),
    ])
    func printsAsExplainDoes(reason: MismatchReason, text: String) {
        #expect(reason.description == text)
    }
}
