import PythonAST
import Testing

/// Hostile nesting ends in an error, not a stack overflow.
@Suite struct DeepInputTests {
    @Test(arguments: [
        String(repeating: "(", count: 4_000) + "x" + String(repeating: ")", count: 4_000),
        String(repeating: "-", count: 4_000) + "x",
        "x" + String(repeating: "[0]", count: 4_000),
        String(repeating: "f(", count: 3_000) + "x" + String(repeating: ")", count: 3_000),
        String(repeating: "not ", count: 4_000) + "x",
        String(repeating: "lambda: ", count: 4_000) + "x",
        String(repeating: "x if y else ", count: 2_000) + "x",
        String(repeating: "x ** ", count: 4_000) + "x",
        String(repeating: "x + ", count: 100_000) + "x",
    ])
    func deepSourceIsRefused(source: String) {
        #expect(throws: PythonSyntaxError.self) { try ExpressionParser.parse(source) }
    }

    @Test func longSumsParseUpToTheBound() throws {
        let sum = (0..<400).map { _ in "x" }.joined(separator: " + ")
        #expect(try ExpressionParser.parse(sum).depth == 400)
        let longer = (0..<5_000).map { _ in "x" }.joined(separator: " + ")
        #expect(throws: PythonSyntaxError.self) { try ExpressionParser.parse(longer) }
    }
}
