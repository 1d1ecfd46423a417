/// A constant in a term: what Python constants, rule attributes and folded arithmetic hold.
public enum Literal: Hashable, Sendable, CustomStringConvertible {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case ellipsis

    /// The numeric value of an int, float or bool (Python's `True` is 1).
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .float(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// Python source of the constant (`None`, `1e-07`, `'same'`).
    public var description: String {
        switch self {
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .float(let value): return Self.pythonFloat(value)
        case .string(let value): return "'" + value.replacingOccurrences(of: "'", with: "\\'") + "'"
        case .ellipsis: return "..."
        }
    }

    /// Python's `repr` of a float: shortest round-trip digits, `1e-07` style exponents.
    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = exponent.trimmingCharacters(in: ["-", "+"])
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + sign + exponent
        }
        return text
    }
}
