/// The value of an op attribute: a Python literal as rules write it (`axis=-1`, `axes=(1, 2)`,
/// `mode='reflect'`, `axes=None`).
public enum AttributeValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case ints([Int])
    case floats([Double])
    case none

    /// The value of an `int`.
    public var intValue: Int? {
        if case .int(let value) = self { value } else { nil }
    }

    /// The value of a `float`, or of an `int` widened to a float.
    public var floatValue: Double? {
        switch self {
        case .float(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The value of a `bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The value of a `string`.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The items of `ints`, or a single `int` as a one-item list.
    public var intsValue: [Int]? {
        switch self {
        case .ints(let values): return values
        case .int(let value): return [value]
        default: return nil
        }
    }

    /// The items of `floats` or `ints`, or a single number as a one-item list.
    public var floatsValue: [Double]? {
        switch self {
        case .floats(let values): return values
        case .ints(let values): return values.map(Double.init)
        case .float(let value): return [value]
        case .int(let value): return [Double(value)]
        default: return nil
        }
    }

    /// Whether this is `None`.
    public var isNone: Bool { self == .none }

    /// The value as a Python literal: `-1`, `1e-12`, `True`, `'reflect'`, `(1, 2)`, `None`.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .float(let value): return String(value)
        case .bool(let value): return value ? "True" : "False"
        case .string(let value): return "'\(value)'"
        case .ints(let values): return Self.tuple(values.map(String.init))
        case .floats(let values): return Self.tuple(values.map { String($0) })
        case .none: return "None"
        }
    }

    private static func tuple(_ items: [String]) -> String {
        items.count == 1 ? "(\(items[0]),)" : "(\(items.joined(separator: ", ")))"
    }
}
