/// A Keras tensor shape, batch dimension first; `nil` marks an unknown (`None`) dimension.
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    public var dimensions: [Int?]

    public init(_ dimensions: [Int?]) {
        self.dimensions = dimensions
    }

    public var rank: Int { dimensions.count }

    /// `(None, 8, 8, 3)`, as Keras prints shapes.
    public var description: String {
        let parts = dimensions.map { $0.map(String.init) ?? "None" }
        return "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
    }
}
