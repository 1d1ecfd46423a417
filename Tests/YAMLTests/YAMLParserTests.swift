import Testing
import YAML

private typealias N = YAMLTestNodes

@Suite struct YAMLParserTests {
    static let ruleFile = """
        aliases:
          tf: tensorflow
        signatures:
          tensorflow.math.reduce_mean: (input_tensor, axis=None, keepdims=False, name=None)
        rules:
          - id: tf-square
            match: [tensorflow.math.square($x), keras.backend.square($x)]
            rewrite: mul($x, $x)
            where: {$a: int}
            tests:
              - {in: "lambda x: tf.square(x)", out: "mul(x, x)"}

        """

    static let ruleFileTree = N.mapping(
        1, 1,
        [
            (N.scalar("aliases", 1, 1), N.mapping(2, 3, [(N.scalar("tf", 2, 3), N.scalar("tensorflow", 2, 7))])),
            (
                N.scalar("signatures", 3, 1),
                N.mapping(
                    4, 3,
                    [
                        (
                            N.scalar("tensorflow.math.reduce_mean", 4, 3),
                            N.scalar("(input_tensor, axis=None, keepdims=False, name=None)", 4, 32)
                        )
                    ])
            ),
            (N.scalar("rules", 5, 1), N.sequence(6, 3, [tfSquareRule])),
        ])

    static let tfSquareRule = N.mapping(
        6, 5,
        [
            (N.scalar("id", 6, 5), N.scalar("tf-square", 6, 9)),
            (
                N.scalar("match", 7, 5),
                N.sequence(
                    7, 12,
                    [N.scalar("tensorflow.math.square($x)", 7, 13), N.scalar("keras.backend.square($x)", 7, 41)])
            ),
            (N.scalar("rewrite", 8, 5), N.scalar("mul($x, $x)", 8, 14)),
            (N.scalar("where", 9, 5), N.mapping(9, 12, [(N.scalar("$a", 9, 13), N.scalar("int", 9, 17))])),
            (
                N.scalar("tests", 10, 5),
                N.sequence(
                    11, 7,
                    [
                        N.mapping(
                            11, 9,
                            [
                                (N.scalar("in", 11, 10), N.scalar("lambda x: tf.square(x)", 11, 14, .doubleQuoted)),
                                (N.scalar("out", 11, 40), N.scalar("mul(x, x)", 11, 45, .doubleQuoted)),
                            ])
                    ])
            ),
        ])

    @Test func ruleFileBuildsTheExpectedTree() throws {
        #expect(try YAMLParser.parse(Self.ruleFile) == Self.ruleFileTree)
    }

    /// A path of mapping keys (or sequence indices) and the mark of the node it leads to.
    @Test(arguments: [
        (["aliases", "tf"], N.mark(2, 7)),
        (["signatures", "tensorflow.math.reduce_mean"], N.mark(4, 32)),
        (["rules"], N.mark(6, 3)),
        (["rules", "0", "match", "1"], N.mark(7, 41)),
        (["rules", "0", "where", "$a"], N.mark(9, 17)),
        (["rules", "0", "tests", "0", "out"], N.mark(11, 45)),
    ])
    func ruleFileMarks(path: [String], expected: YAMLMark) throws {
        var node = try #require(try YAMLParser.parse(Self.ruleFile))
        for step in path {
            if let index = Int(step), let items = node.sequence {
                node = try #require(items.indices.contains(index) ? items[index] : nil)
            } else {
                node = try #require(node[step])
            }
        }
        #expect(node.mark == expected)
        #expect(expected.description == "\(expected.line):\(expected.column)")
    }

    @Test(
        arguments: [
            (
                "[1, [2, 3], {a: b}, []]",
                N.sequence(
                    1, 1,
                    [
                        N.scalar("1", 1, 2),
                        N.sequence(1, 5, [N.scalar("2", 1, 6), N.scalar("3", 1, 9)]),
                        N.mapping(1, 13, [(N.scalar("a", 1, 14), N.scalar("b", 1, 17))]),
                        N.sequence(1, 21, []),
                    ])
            ),
            (
                "{a: [x, 'y'], b: {}, c}",
                N.mapping(
                    1, 1,
                    [
                        (
                            N.scalar("a", 1, 2),
                            N.sequence(1, 5, [N.scalar("x", 1, 6), N.scalar("y", 1, 9, .singleQuoted)])
                        ),
                        (N.scalar("b", 1, 15), N.mapping(1, 18, [])),
                        (N.scalar("c", 1, 22), N.scalar("", 1, 23)),
                    ])
            ),
            (
                "- [a,\n   b]\n- {k:\n    v}\n",
                N.sequence(
                    1, 1,
                    [
                        N.sequence(1, 3, [N.scalar("a", 1, 4), N.scalar("b", 2, 4)]),
                        N.mapping(3, 3, [(N.scalar("k", 3, 4), N.scalar("v", 4, 5))]),
                    ])
            ),
        ] as [(String, YAMLNode)])
    func flowCollections(text: String, expected: YAMLNode) throws {
        #expect(try YAMLParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("v: |\n  line one\n  line two\n", "line one\nline two\n", YAMLScalar.Style.literal),
        ("v: |-\n  kept\n   indented\n\n", "kept\n indented", .literal),
        ("v: |+\n  x\n\n", "x\n\n", .literal),
        ("v: >\n  folded\n  words\n\n  para\n", "folded words\npara\n", .folded),
        ("v: \"a\\tb\\u00e9\"", "a\tb\u{e9}", .doubleQuoted),
        ("v: 'it''s'", "it's", .singleQuoted),
        ("v: plain\n  continued", "plain continued", .plain),
    ])
    func scalarStyles(text: String, expected: String, style: YAMLScalar.Style) throws {
        let value = try #require(try YAMLParser.parse(text)?["v"]?.scalar)
        #expect(value.text == expected)
        #expect(value.style == style)
        #expect(value.mark == N.mark(1, 4))
    }

    @Test func duplicateKeysArePreservedInOrder() throws {
        let root = try #require(try YAMLParser.parse("a: 1\nb: 2\na: 3\n"))
        let pairs = try #require(root.mapping)
        #expect(pairs.map { $0.key.scalarText } == ["a", "b", "a"])
        #expect(pairs.map { $0.key.mark } == [N.mark(1, 1), N.mark(2, 1), N.mark(3, 1)])
        #expect(root["a"]?.int == 1)
        #expect(root["missing"] == nil)
    }

    @Test func aliasesCopyTheAnchoredNode() throws {
        let text = "base: &b {x: 1, y: [2]}\ncopy: *b\nlist: [&s hello, *s]\n"
        let root = try #require(try YAMLParser.parse(text))
        // An anchored node starts at its anchor, and the copies keep that mark.
        let base = N.mapping(
            1, 7,
            [
                (N.scalar("x", 1, 11), N.scalar("1", 1, 14)),
                (N.scalar("y", 1, 17), N.sequence(1, 20, [N.scalar("2", 1, 21)])),
            ])
        #expect(root["base"] == base)
        #expect(root["copy"] == base)
        #expect(root["list"] == N.sequence(3, 7, [N.scalar("hello", 3, 8), N.scalar("hello", 3, 8)]))
    }

    @Test func laterAnchorsReplaceEarlierOnes() throws {
        let root = try #require(try YAMLParser.parse("- &a one\n- &a two\n- *a\n"))
        #expect(root.sequence?.map(\.scalarText) == ["one", "two", "two"])
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "   "])
    func emptyStreamsHaveNoDocument(text: String) throws {
        #expect(try YAMLParser.parse(text) == nil)
        #expect(try YAMLParser.parseDocuments(text).isEmpty)
    }

    @Test func explicitEmptyDocumentIsNull() throws {
        let root = try #require(try YAMLParser.parse("---\n"))
        #expect(root.isNull)
    }

    @Test func multipleDocuments() throws {
        let text = "a: 1\n---\nb: 2\n...\n--- [3]\n"
        let documents = try YAMLParser.parseDocuments(text)
        #expect(documents.count == 3)
        #expect(documents.map(\.mark) == [N.mark(1, 1), N.mark(3, 1), N.mark(5, 5)])
        #expect(documents[1]["b"]?.int == 2)
        // Anchors do not cross documents.
        #expect(throws: YAMLError.self) { try YAMLParser.parseDocuments("&a x\n---\n*a\n") }
    }

    @Test func parseRefusesASecondDocument() {
        #expect(
            throws: YAMLError(
                "expected a single document, but another one starts here", mark: N.mark(2, 1),
                sourceLine: "---")
        ) {
            try YAMLParser.parse("a: 1\n---\nb: 2\n")
        }
    }

    @Test func crlfAndUnicodeAreCountedLikeLibyaml() throws {
        let root = try #require(try YAMLParser.parse("a: 1\r\nb: [é, ü]\r\nc: x\r\n"))
        #expect(root["b"]?.sequence?.map(\.mark) == [N.mark(2, 5), N.mark(2, 8)])
        #expect(root["c"]?.mark == N.mark(3, 4))
    }
}
