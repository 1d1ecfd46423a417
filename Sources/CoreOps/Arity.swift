/// How many tensor operands an op takes.
public enum Arity: Hashable, Sendable, CustomStringConvertible {
    /// Exactly this many operands.
    case fixed(Int)
    /// At least `minimum` operands (`concat`).
    case variadic(minimum: Int)

    /// Whether a call with `count` operands has the right number.
    public func accepts(_ count: Int) -> Bool {
        switch self {
        case .fixed(let expected): return count == expected
        case .variadic(let minimum): return count >= minimum
        }
    }

    /// `2 operands`, `at least 1 operand`.
    public var description: String {
        switch self {
        case .fixed(let expected): return Self.plural(expected)
        case .variadic(let minimum): return "at least \(Self.plural(minimum))"
        }
    }

    private static func plural(_ count: Int) -> String {
        count == 1 ? "1 operand" : "\(count) operands"
    }
}
