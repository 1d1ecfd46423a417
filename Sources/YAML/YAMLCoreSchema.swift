/// The YAML 1.2 core schema's rules for reading plain scalar text as null, booleans and numbers.
///
/// Swift's own `Int(_:)` and `Double(_:)` accept forms YAML does not (`inf`, `0x1p3`, `nan`), so the
/// float syntax is checked here before `Double` converts it.
enum YAMLCoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    static let booleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true,
        "false": false, "False": false, "FALSE": false,
    ]
    static let specialFloats: [String: Double] = [
        ".inf": .infinity, ".Inf": .infinity, ".INF": .infinity,
        "+.inf": .infinity, "+.Inf": .infinity, "+.INF": .infinity,
        "-.inf": -.infinity, "-.Inf": -.infinity, "-.INF": -.infinity,
        ".nan": .nan, ".NaN": .nan, ".NAN": .nan,
    ]

    static func isNull(_ text: String) -> Bool { nulls.contains(text) }

    static func bool(_ text: String) -> Bool? { booleans[text] }

    /// `[-+]?[0-9]+`, `[-+]?0o[0-7]+` or `[-+]?0x[0-9a-fA-F]+`.
    static func int(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits.removeFirst()
        }
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
        } else if digits.hasPrefix("0o") {
            radix = 8
        }
        if radix != 10 { digits.removeFirst(2) }
        // `Int(_:radix:)` would accept a second sign after the prefix.
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.hexDigitValue ?? radix) < radix }) else {
            return nil
        }
        // Parsing with the sign attached lets `Int.min` through.
        return Int((negative ? "-" : "") + digits, radix: radix)
    }

    /// A core-schema float or int, as a `Double`.
    static func double(_ text: String) -> Double? {
        if let special = specialFloats[text] { return special }
        if isDecimalFloat(text) { return Double(text) }
        return int(text).map(Double.init)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    static func isDecimalFloat(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
        let integerDigits = rest.prefix { $0.isASCII && $0.isNumber }.count
        rest.removeFirst(integerDigits)
        var fractionDigits = 0
        if rest.first == "." {
            rest.removeFirst()
            fractionDigits = rest.prefix { $0.isASCII && $0.isNumber }.count
            rest.removeFirst(fractionDigits)
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest.removeFirst()
            if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
            let exponentDigits = rest.prefix { $0.isASCII && $0.isNumber }.count
            guard exponentDigits > 0 else { return false }
            rest.removeFirst(exponentDigits)
        }
        return rest.isEmpty
    }
}
