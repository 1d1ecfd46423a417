extension Constant {
    /// The literal as Python source (`127.5`, `'same'`, `b'\x00'`, `1e309` for infinity).
    public var source: String {
        switch self {
        case .none: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .ellipsis: return "..."
        case .int(let value): return String(value)
        case .bigInt(let text): return text
        case .float(let value): return Self.floatSource(value)
        case .complex(let real, let imaginary):
            let imaginaryText = Self.imaginarySource(imaginary)
            if real == 0, real.sign == .plus { return imaginaryText }
            let sign = imaginary.sign == .minus ? " - " : " + "
            return "(" + Self.floatSource(real) + sign + Self.imaginarySource(abs(imaginary)) + ")"
        case .string(let text): return Self.quoted(Array(text.unicodeScalars), prefix: "", escapeAbove: nil)
        case .bytes(let bytes): return Self.quoted(bytes.map { Unicode.Scalar($0) }, prefix: "b", escapeAbove: 0x7E)
        }
    }

    var isNegativeNumber: Bool {
        switch self {
        case .int(let value): return value < 0
        case .bigInt(let text): return text.hasPrefix("-")
        case .float(let value): return value.sign == .minus
        default: return false
        }
    }

    /// Python's `repr` of a float, with infinities and NaN written as expressions that parse.
    static func floatSource(_ value: Double) -> String {
        if value.isNaN { return "float('nan')" }
        if value.isInfinite { return value < 0 ? "-1e309" : "1e309" }
        return value.description
    }

    private static func imaginarySource(_ value: Double) -> String {
        let text = floatSource(value)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "j"
    }

    private static func quoted(_ scalars: [Unicode.Scalar], prefix: String, escapeAbove limit: UInt32?) -> String {
        let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        var text = prefix + String(quote)
        for scalar in scalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case quote: text += "\\" + String(quote)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (limit.map { scalar.value > $0 } ?? false) {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + String(quote)
    }
}
