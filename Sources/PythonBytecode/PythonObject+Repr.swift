import PythonAST

extension PythonObject {
    /// The object as Python 3's `repr` writes it (`(None, 127.5, 'x')`), for messages and tests.
    public var repr: String {
        switch self {
        case .none: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .ellipsis: return "Ellipsis"
        case .stopIteration: return "StopIteration"
        case .int(let value): return String(value)
        case .bigInt(let text): return text
        case .float(let value): return Self.floatRepr(value)
        case .complex(let real, let imaginary):
            let imaginaryText = Self.complexPart(imaginary) + "j"
            if real == 0, real.sign == .plus { return imaginaryText }
            let sign = imaginary.sign == .minus || imaginary.isNaN ? "" : "+"
            return "(\(Self.complexPart(real))\(sign)\(imaginaryText))"
        case .bytes(let bytes): return Constant.bytes(bytes).source
        case .string(let text): return Constant.string(text).source
        case .tuple(let items):
            return items.count == 1 ? "(\(items[0].repr),)" : "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let entries):
            return "{" + entries.map { "\($0.key.repr): \($0.value.repr)" }.joined(separator: ", ") + "}"
        case .set(let items): return items.isEmpty ? "set()" : "{" + items.map(\.repr).joined(separator: ", ") + "}"
        case .frozenset(let items):
            return items.isEmpty ? "frozenset()" : "frozenset({" + items.map(\.repr).joined(separator: ", ") + "})"
        case .code(let code): return "<code object \(code.name)>"
        }
    }

    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }

    private static func complexPart(_ value: Double) -> String {
        let text = floatRepr(value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
