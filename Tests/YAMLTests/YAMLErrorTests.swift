import Testing
import YAML

/// A text libyaml or the tree builder refuses, where, and the start of what it says.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var name: String
    var source: String
    var line: Int
    var column: Int
    var message: String

    var testDescription: String { name }
}

@Suite struct YAMLErrorTests {
    static let syntaxErrors: [ErrorCase] = [
        ErrorCase(
            name: "mapping value in a plain scalar", source: "rules:\n  - id: a: b\n", line: 2, column: 10,
            message: "mapping values are not allowed in this context"),
        ErrorCase(
            name: "a: b: c", source: "a: b: c", line: 1, column: 5,
            message: "mapping values are not allowed in this context"),
        ErrorCase(
            name: "flow sequence running into the next key", source: "match: [a, b\nrewrite: c\n", line: 2,
            column: 8, message: "did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 8)"),
        // Problems at the end of the text are moved from past it to the end of its last line.
        ErrorCase(
            name: "unclosed flow sequence", source: "match: [a, b\n\n", line: 1, column: 13,
            message: "did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 8)"),
        ErrorCase(
            name: "unclosed flow mapping", source: "where: {$a: int\n", line: 1, column: 16,
            message: "did not find expected ',' or '}' (while parsing a flow mapping at line 1, column 8)"),
        ErrorCase(
            name: "bad indentation", source: "a:\n  b: 1\n c: 2\n", line: 3, column: 2,
            message: "did not find expected key (while parsing a block mapping at line 1, column 1)"),
        ErrorCase(
            name: "key indented under a value", source: "a: 1\n b: 2\n", line: 2, column: 3,
            message: "mapping values are not allowed in this context"),
        ErrorCase(
            name: "key indented deeper than its siblings", source: "a:\n  b: 1\n    c: 2\n", line: 3, column: 6,
            message: "mapping values are not allowed in this context"),
        ErrorCase(
            name: "tab indentation", source: "a:\n\tb: c\n", line: 2, column: 1,
            message:
                "found character that cannot start any token (while scanning for the next token at line 2, column 1)"),
        ErrorCase(
            name: "unterminated quote", source: "a: \"open\n", line: 1, column: 9,
            message: "found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)"),
        ErrorCase(
            name: "control character", source: "a: b\nc: \u{1}\n", line: 2, column: 4,
            message: "control characters are not allowed (#x1)"),
        ErrorCase(
            name: "undefined alias", source: "a: 1\nb: *nope\n", line: 2, column: 4,
            message: "alias *nope is not defined before this point"),
        ErrorCase(
            name: "recursive alias", source: "a: &r [1, *r]\n", line: 1, column: 11,
            message: "alias *r refers to the collection that contains it"),
    ]

    @Test(arguments: syntaxErrors)
    func errorsCarryOneBasedMarksAndTheSourceLine(_ row: ErrorCase) {
        let lines = row.source.split(separator: "\n", omittingEmptySubsequences: false)
        let expected = YAMLError(
            row.message, mark: YAMLMark(line: row.line, column: row.column),
            sourceLine: row.line <= lines.count ? String(lines[row.line - 1]) : nil)
        #expect(throws: expected) { try YAMLParser.parse(row.source) }
    }

    @Test(arguments: ["a: 1\r\nb: c: d\r\n", "a: 1\rb: c: d", "\u{FEFF}a: 1\nb: c: d", "a: 1\u{2028}b: c: d"])
    func sourceLinesAreSplitLikeLibyaml(source: String) {
        let expected = YAMLError(
            "mapping values are not allowed in this context", mark: YAMLMark(line: 2, column: 5), sourceLine: "b: c: d")
        #expect(throws: expected) { try YAMLParser.parse(source) }
    }

    @Test func descriptionNamesLineAndColumn() {
        let error = YAMLError("mapping values are not allowed in this context", mark: YAMLMark(line: 3, column: 7))
        #expect(error.description == "line 3, column 7: mapping values are not allowed in this context")
    }

    @Test(arguments: [
        (
            "a: b: c", "rules.yaml:1:5: error: mapping values are not allowed in this context\na: b: c\n    ^"
        ),
        (
            "x: 1\nrules:\n  - id: a: b\n",
            "r.yaml:3:10: error: mapping values are not allowed in this context\n  - id: a: b\n         ^"
        ),
        (
            "a:\n\tb: [c\n",
            "r.yaml:2:1: error: found character that cannot start any token"
                + " (while scanning for the next token at line 2, column 1)\n\tb: [c\n^"
        ),
        (
            "a: b\nx: [1,\t2: 3: 4]\n",
            "r.yaml:2:12: error: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 4)"
                + "\nx: [1,\t2: 3: 4]\n      \t    ^"
        ),
        (
            "[a, b",
            "r.yaml:1:6: error: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 1)"
                + "\n[a, b\n     ^"
        ),
    ])
    func renderedErrorsPutACaretUnderTheColumn(source: String, expected: String) throws {
        let file = expected.prefix { $0 != ":" }
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(source) }
        #expect(error.rendered(file: String(file)) == expected)
    }

    @Test func caretFollowsTabsBeforeTheColumn() {
        let error = YAMLError("bad", mark: YAMLMark(line: 1, column: 4), sourceLine: "\t\tx: y")
        #expect(error.rendered(file: "f") == "f:1:4: error: bad\n\t\tx: y\n\t\t ^")
        let pastEnd = YAMLError("bad", mark: YAMLMark(line: 1, column: 4), sourceLine: "ab")
        #expect(pastEnd.rendered(file: "f") == "f:1:4: error: bad\nab\n   ^")
        let noLine = YAMLError("bad", mark: YAMLMark(line: 9, column: 1))
        #expect(noLine.rendered(file: "f") == "f:9:1: error: bad")
    }

    @Test func billionLaughsIsRefused() throws {
        let lol = Array(repeating: "\"lol\"", count: 9).joined(separator: ",")
        var text = "a: &a [\(lol)]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]\n"
        }
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }
        #expect(error.mark == YAMLMark(line: 6, column: 8))
        #expect(error.message.contains("more than 100000 nodes"))
        #expect(error.sourceLine?.hasPrefix("f: &f [*e,") == true)
    }

    @Test func manyLegitimateAliasesAreFine() throws {
        let text = "base: &b [1, 2, 3]\n" + (0..<1000).map { "k\($0): *b\n" }.joined()
        #expect(try YAMLParser.parse(text)?.mapping?.count == 1001)
    }

    @Test(arguments: [(200, false), (201, true)])
    func nestingIsLimited(depth: Int, refused: Bool) throws {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        if refused {
            let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }
            #expect(error.mark == YAMLMark(line: 1, column: depth))
            #expect(error.message == "collections are nested more than 200 deep")
        } else {
            #expect(try YAMLParser.parse(text) != nil)
        }
    }

    @Test func aliasesCannotExceedTheNestingLimit() throws {
        func nested(_ depth: Int, around inner: String) -> String {
            String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
        }
        // The root mapping is one level, the anchored value 150 more: fine on its own.
        let anchored = "a: &a \(nested(150, around: "x"))\n"
        #expect(try YAMLParser.parse(anchored) != nil)
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser.parse(anchored + "b: \(nested(60, around: "*a"))\n")
        }
        #expect(error.mark == YAMLMark(line: 2, column: 64))
        #expect(error.message == "alias *a nests collections more than 200 deep")
    }
}

/// Hostile sizes: a huge text is refused before libyaml reads it, and an error on a very long line
/// quotes only the part around the mark.
@Suite struct YAMLLimitTests {
    @Test func aTextOverTheSizeLimitIsRefusedAtItsStart() throws {
        let text = String(repeating: "a: 1\n", count: YAMLParser.maximumBytes / 5 + 1)
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }
        #expect(error.mark == YAMLMark(line: 1, column: 1))
        #expect(error.message.contains("over the 1 MiB a YAML file may take"))
        #expect(error.sourceLine == nil)
    }

    @Test func anErrorOnALongLineQuotesAWindowWithTheCaretUnderTheMark() throws {
        let text = "[" + String(repeating: "x, ", count: 2_000) + "]]"
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }
        let lines = error.rendered(file: "long.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1].count <= YAMLError.quotedWidth + 6)
        #expect(lines[1].hasPrefix("..."))
        // The caret sits under the scalar the mark names, inside the window.
        let caret = try #require(lines[2].firstIndex(of: "^"))
        let offset = lines[2].distance(from: lines[2].startIndex, to: caret)
        let marked = lines[1][lines[1].index(lines[1].startIndex, offsetBy: offset)]
        let original = Array(text)[error.mark.column - 1]
        #expect(marked == original)
    }

    @Test func aShortLineIsQuotedWhole() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: [1, 2\n") }
        #expect(error.rendered(file: "f.yaml").contains("a: [1, 2"))
    }
}
