import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func keepsIntegersApartFromFloats() throws {
        let text = #"{"scale": 0.17, "n": 3, "f": 1.0, "e": 1e-07, "big": 123456789012345678901}"#
        let value = try JSONParser.parse(text)
        #expect(value["scale"] == .double(0.17))
        #expect(value["n"] == .int(3))
        #expect(value["f"] == .double(1.0))
        #expect(value["e"] == .double(1e-7))
        #expect(value["big"]?.double == 123456789012345678901.0)
    }

    @Test func keepsMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(value.object?.keys == ["z", "a", "m"])
    }

    @Test func readsPythonNonFiniteExtensions() throws {
        let value = try JSONParser.parse("[NaN, Infinity, -Infinity]")
        #expect(value[0]?.double?.isNaN == true)
        #expect(value[1] == .double(.infinity))
        #expect(value[2] == .double(-.infinity))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\n\u00e3\ud83d\ude00/""#)
        #expect(value == .string("a\"b\\c\n\u{e3}😀/"))
    }

    @Test(arguments: [
        ("{\"a\": }", 1, 7, "unexpected character"),
        ("[1, 2", 1, 6, "expected ',' or ']'"),
        ("{\"a\": 1,\n \"b\" 2}", 2, 6, "expected ':'"),
        ("\"abc", 1, 5, "unterminated string"),
        ("[1] x", 1, 5, "unexpected text"),
        ("tru", 1, 1, "invalid literal"),
        ("-", 1, 2, "expected digits"),
    ])
    func reportsErrorsWithPosition(text: String, line: Int, column: Int, message: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }
}

@Suite struct JSONWriterTests {
    @Test func writesAsPythonJsonDumps() {
        let value: JSONValue = ["name": "dense", "units": 3, "rate": 0.5, "shape": [nil, 8], "text": "é"]
        #expect(
            JSONWriter(style: .python).string(value)
                == #"{"name": "dense", "units": 3, "rate": 0.5, "shape": [null, 8], "text": "\u00e9"}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let text = #"{"b": [1, 2.5, -3e-05, true, null, {"x": "y\n"}], "a": NaN}"#
        let value = try JSONParser.parse(text)
        let again = try JSONParser.parse(JSONWriter(style: .pretty).string(value))
        #expect(JSONWriter(style: .python).string(again) == JSONWriter(style: .python).string(value))
        #expect(JSONWriter(style: .compact).string(again).hasPrefix(#"{"b":[1,2.5,-3e-05,true,null"#))
    }

    @Test func formatsFloatsLikePythonRepr() {
        #expect(JSONWriter.format(1.0) == "1.0")
        #expect(JSONWriter.format(1e-7) == "1e-07")
        #expect(JSONWriter.format(0.17) == "0.17")
        #expect(JSONWriter.format(1e16) == "1e+16")
        #expect(JSONWriter.format(-.infinity) == "-Infinity")
    }
}
