extension MILProgramBuilder {
    /// An elementwise operation of one value (`relu`, `exp`): the shape of `x`.
    mutating func unary(_ type: String, _ x: String, name: String, _ extra: [String: String] = [:]) -> String {
        op(type, extra.merging(["x": x]) { $1 }, name: name, shape: shapes[x])
    }

    /// A broadcasting operation of two values (`add`, `mul`): the broadcast shape.
    mutating func binary(_ type: String, _ x: String, _ y: String, name: String) -> String {
        op(type, ["x": x, "y": y], name: name, shape: Self.broadcast(shapes[x] ?? [], shapes[y] ?? []))
    }

    /// `input` reshaped to `shape` (every size known).
    mutating func reshape(_ input: String, to shape: [Int], name: String) -> String {
        if shapes[input] == shape { return input }
        return op("reshape", ["x": input, "shape": ints(shape)], name: name, shape: shape)
    }

    /// The shape NumPy broadcasting gives two shapes (sizes of 1 stretch).
    static func broadcast(_ lhs: [Int], _ rhs: [Int]) -> [Int] {
        let rank = max(lhs.count, rhs.count)
        let left = Array(repeating: 1, count: rank - lhs.count) + lhs
        let right = Array(repeating: 1, count: rank - rhs.count) + rhs
        return zip(left, right).map { $0 == 1 ? $1 : $0 }
    }
}
