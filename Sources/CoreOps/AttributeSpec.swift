/// One attribute an op accepts: its name, the kind of value it takes, and its default.
public struct AttributeSpec: Hashable, Sendable {
    /// What values an attribute accepts.
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        case int
        /// A float; an int is accepted and widened (`clip(x, min=0, max=6)`).
        case float
        case bool
        case string
        /// A list of ints (`perm`, `multiples`).
        case ints
        /// One float or a list of floats (`const`'s value); ints are widened.
        case floatOrFloats
        /// One int or a list of ints (`l2_normalize`'s axis), kept in the form given.
        case intOrInts
        /// `None`, a list of ints, or one int (read as a one-item list; `reduce_sum(x, axes=1)`).
        case intsOrNone
        /// One of these strings, matched ignoring case (`'REFLECT'` as TensorFlow spells it) and
        /// stored in the spelling listed here.
        case enumeration([String])

        /// `an int`, `one of 'constant', 'reflect', 'symmetric'`.
        public var description: String {
            switch self {
            case .int: return "an int"
            case .float: return "a float"
            case .bool: return "a bool"
            case .string: return "a string"
            case .ints: return "a list of ints"
            case .floatOrFloats: return "a float or a list of floats"
            case .intOrInts: return "an int or a list of ints"
            case .intsOrNone: return "None, an int or a list of ints"
            case .enumeration(let cases): return "one of " + cases.map { "'\($0)'" }.joined(separator: ", ")
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// The value used when a call omits the attribute; nil means the attribute is required.
    public var defaultValue: AttributeValue?

    /// Creates an attribute; a nil `defaultValue` makes it required.
    public init(name: String, kind: Kind, defaultValue: AttributeValue? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// Whether a call must give this attribute.
    public var isRequired: Bool { defaultValue == nil }

    /// `value` in the canonical form of this attribute's kind, or nil when the kind does not
    /// accept it.
    ///
    /// Canonical forms: ints widened to floats where floats are expected, one int read as a list
    /// for `intsOrNone`, enumeration cases in their listed spelling.
    public func canonical(_ value: AttributeValue) -> AttributeValue? {
        switch (kind, value) {
        case (.int, .int), (.bool, .bool), (.string, .string), (.ints, .ints):
            return value
        case (.float, .float), (.floatOrFloats, .float), (.floatOrFloats, .floats):
            return value
        case (.float, .int(let number)), (.floatOrFloats, .int(let number)):
            return .float(Double(number))
        case (.floatOrFloats, .ints(let numbers)):
            return .floats(numbers.map(Double.init))
        case (.intOrInts, .int), (.intOrInts, .ints), (.intsOrNone, .ints), (.intsOrNone, .none):
            return value
        case (.intsOrNone, .int(let number)):
            return .ints([number])
        case (.enumeration(let cases), .string(let text)):
            return cases.first { $0.lowercased() == text.lowercased() }.map(AttributeValue.string)
        default:
            return nil
        }
    }
}

extension AttributeSpec {
    /// An attribute that must be given.
    static func required(_ name: String, _ kind: Kind) -> AttributeSpec {
        AttributeSpec(name: name, kind: kind)
    }

    /// An optional float attribute.
    static func float(_ name: String, _ defaultValue: Double) -> AttributeSpec {
        AttributeSpec(name: name, kind: .float, defaultValue: .float(defaultValue))
    }

    /// An optional int attribute.
    static func int(_ name: String, _ defaultValue: Int) -> AttributeSpec {
        AttributeSpec(name: name, kind: .int, defaultValue: .int(defaultValue))
    }

    /// An optional bool attribute.
    static func bool(_ name: String, _ defaultValue: Bool) -> AttributeSpec {
        AttributeSpec(name: name, kind: .bool, defaultValue: .bool(defaultValue))
    }

    /// An optional list of axes whose absence means all of them.
    static func axesOrAll(_ name: String) -> AttributeSpec {
        AttributeSpec(name: name, kind: .intsOrNone, defaultValue: AttributeValue.none)
    }
}
