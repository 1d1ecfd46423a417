import Testing
import YAML

/// One scalar, as written after `v: `, and what each typed reader should make of it.
struct TypingCase: CustomTestStringConvertible, Sendable {
    var source: String
    var isNull = false
    var bool: Bool?
    var int: Int?
    var double: Double?
    var string: String?

    var testDescription: String { source.isEmpty ? "(empty)" : source }
}

@Suite struct YAMLCoreSchemaTests {
    static let cases: [TypingCase] = [
        // Null: plain forms only.
        TypingCase(source: "", isNull: true, string: ""),
        TypingCase(source: "~", isNull: true, string: "~"),
        TypingCase(source: "null", isNull: true, string: "null"),
        TypingCase(source: "Null", isNull: true, string: "Null"),
        TypingCase(source: "NULL", isNull: true, string: "NULL"),
        TypingCase(source: "nULL", string: "nULL"),
        TypingCase(source: "\"null\"", string: "null"),
        TypingCase(source: "''", string: ""),
        // Booleans: YAML 1.2 drops 1.1's yes/no/on/off.
        TypingCase(source: "true", bool: true, string: "true"),
        TypingCase(source: "True", bool: true, string: "True"),
        TypingCase(source: "TRUE", bool: true, string: "TRUE"),
        TypingCase(source: "false", bool: false, string: "false"),
        TypingCase(source: "False", bool: false, string: "False"),
        TypingCase(source: "FALSE", bool: false, string: "FALSE"),
        TypingCase(source: "\"true\"", string: "true"),
        TypingCase(source: "'false'", string: "false"),
        TypingCase(source: "yes", string: "yes"),
        TypingCase(source: "tRUE", string: "tRUE"),
        // Integers, which are also doubles.
        TypingCase(source: "42", int: 42, double: 42, string: "42"),
        TypingCase(source: "-12", int: -12, double: -12, string: "-12"),
        TypingCase(source: "+7", int: 7, double: 7, string: "+7"),
        TypingCase(source: "007", int: 7, double: 7, string: "007"),
        TypingCase(source: "0x1F", int: 31, double: 31, string: "0x1F"),
        TypingCase(source: "0xff", int: 255, double: 255, string: "0xff"),
        TypingCase(source: "0o17", int: 15, double: 15, string: "0o17"),
        TypingCase(source: "-0x10", int: -16, double: -16, string: "-0x10"),
        TypingCase(
            source: "-9223372036854775808", int: .min, double: -9_223_372_036_854_775_808,
            string: "-9223372036854775808"),
        TypingCase(source: "9223372036854775808", double: 9_223_372_036_854_775_808, string: "9223372036854775808"),
        TypingCase(source: "0o8", string: "0o8"),
        TypingCase(source: "0x", string: "0x"),
        TypingCase(source: "0x-1", string: "0x-1"),
        TypingCase(source: "1_000", string: "1_000"),
        TypingCase(source: "12abc", string: "12abc"),
        TypingCase(source: "\"42\"", string: "42"),
        // Floats.
        TypingCase(source: "1e-3", double: 0.001, string: "1e-3"),
        TypingCase(source: "\"1e-3\"", string: "1e-3"),
        TypingCase(source: "1e-7", double: 1e-7, string: "1e-7"),
        TypingCase(source: "1.5e3", double: 1500, string: "1.5e3"),
        TypingCase(source: "-1.5E+3", double: -1500, string: "-1.5E+3"),
        TypingCase(source: ".5", double: 0.5, string: ".5"),
        TypingCase(source: "1.", double: 1, string: "1."),
        TypingCase(source: "3.0", double: 3, string: "3.0"),
        TypingCase(source: ".inf", double: .infinity, string: ".inf"),
        TypingCase(source: "-.inf", double: -.infinity, string: "-.inf"),
        TypingCase(source: "+.INF", double: .infinity, string: "+.INF"),
        TypingCase(source: ".nan", double: .nan, string: ".nan"),
        TypingCase(source: ".NaN", double: .nan, string: ".NaN"),
        TypingCase(source: "inf", string: "inf"),
        TypingCase(source: "nan", string: "nan"),
        TypingCase(source: "1e", string: "1e"),
        TypingCase(source: "e3", string: "e3"),
        TypingCase(source: ".", string: "."),
        TypingCase(source: "0x1p3", string: "0x1p3"),
        TypingCase(source: "'1.5'", string: "1.5"),
        // Block scalars are strings, whatever they hold.
        TypingCase(source: "|\n  12\n", string: "12\n"),
        TypingCase(source: ">-\n  true", string: "true"),
        // Explicit core tags decide on their own.
        TypingCase(source: "!!int \"3\"", int: 3, double: 3, string: "3"),
        TypingCase(source: "!!float '2'", double: 2, string: "2"),
        TypingCase(source: "!!bool \"true\"", bool: true, string: "true"),
        TypingCase(source: "!!null ''", isNull: true, string: ""),
        TypingCase(source: "!!str 3", string: "3"),
        TypingCase(source: "!!str true", string: "true"),
        TypingCase(source: "!custom 3", string: "3"),
    ]

    @Test(arguments: cases)
    func plainScalarsAreTypedQuotedOnesAreStrings(_ row: TypingCase) throws {
        let node = try #require(try YAMLParser.parse("v: \(row.source)")?["v"])
        #expect(node.isNull == row.isNull)
        #expect(node.bool == row.bool)
        #expect(node.int == row.int)
        if let expected = row.double, expected.isNaN {
            #expect(node.double?.isNaN == true)
        } else {
            #expect(node.double == row.double)
        }
        #expect(node.string == row.string)
    }

    @Test func collectionsHaveNoScalarValue() throws {
        let node = try #require(try YAMLParser.parse("[1]"))
        #expect(node.string == nil && node.int == nil && node.double == nil && node.bool == nil && !node.isNull)
        #expect(node.scalarText == nil && node.mapping == nil && node["1"] == nil)
        #expect(node.sequence?.first?.int == 1)
    }

    @Test func tagsAreResolved() throws {
        let node = try #require(try YAMLParser.parse("[!!int 1, !local x, plain]"))
        #expect(node.sequence?.map { $0.scalar?.tag } == ["tag:yaml.org,2002:int", "!local", nil])
    }
}
