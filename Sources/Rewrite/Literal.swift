import PythonAST

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

    /// Python source of the constant (`None`, `1e-07`, `'same'`), as the expression printer writes it.
    public var description: String {
        switch self {
        case .none: return Constant.none.source
        case .bool(let value): return Constant.bool(value).source
        case .int(let value): return Constant.int(value).source
        case .float(let value): return Constant.float(value).source
        case .string(let value): return Constant.string(value).source
        case .ellipsis: return Constant.ellipsis.source
        }
    }
}
