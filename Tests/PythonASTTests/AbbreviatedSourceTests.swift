import PythonAST
import Testing

/// What messages quote of a Lambda: long constants cut, long displays shortened; the full source
/// is unchanged.
@Suite struct AbbreviatedSourceTests {
    @Test func aLongStringIsCutBeforeItsClosingQuote() throws {
        let expression = try ExpressionParser.parse("f(x, '" + String(repeating: "a", count: 1_000_000) + "')")
        let text = expression.abbreviatedSource()
        #expect(text.count < 220)
        #expect(text.hasPrefix("f(x, 'aaa"))
        #expect(text.hasSuffix("...')"))
        #expect(expression.source.count > 1_000_000)
    }

    @Test func aHugeTupleShowsItsFirstItemsAndItsLength() throws {
        // As the decompiler builds it from a constant tuple (the parser caps its input's length).
        let items = (0..<1_000_000).map { Expression.constant(.int($0)) }
        let expression = Expression.binary(.multiply, .name("x"), .tuple(items))
        #expect(expression.abbreviatedSource(maximumItems: 4) == "x * (0, 1, 2, 3, ... (1000000 items))")
    }

    @Test(arguments: ["lambda x: x / 127.5 - 1.0", "lambda t: K.concatenate([t[0], t[1]], axis=-1)", "x[..., ::-1]"])
    func aShortSourceIsPrintedAsIs(_ source: String) throws {
        let expression = try ExpressionParser.parse(source)
        #expect(expression.abbreviatedSource() == expression.source)
    }
}
