/// One attribute's value, read in full.
public struct HDF5Attribute: Sendable, Equatable {
    /// The elements, converted to the widest native type of their class.
    public enum Value: Sendable, Equatable {
        case strings([String])
        case integers([Int64])
        case floats([Double])
    }

    public var name: String
    /// The dataspace dimensions; empty for a scalar.
    public var shape: [Int]
    public var elementType: HDF5ElementType
    public var value: Value

    public init(name: String, shape: [Int], elementType: HDF5ElementType, value: Value) {
        self.name = name
        self.shape = shape
        self.elementType = elementType
        self.value = value
    }

    /// The single string of a scalar or one-element string attribute.
    public var string: String? {
        if case .strings(let strings) = value, strings.count == 1 { return strings[0] }
        return nil
    }

    /// All strings of a string attribute.
    public var strings: [String]? {
        if case .strings(let strings) = value { return strings }
        return nil
    }
}
