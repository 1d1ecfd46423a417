import CoreOps

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

extension MILProgramBuilder {
    /// `select(cond, a, b)` of `shape`. The op's documentation broadcasts all three, but
    /// coremltools infers its type from `a` and `b` alone (so a program whose `a` and `b` are
    /// scalars would declare a scalar): when `a` and `b` broadcast to less than `shape`, `a` is
    /// first added to zeros of the full shape (`fill`).
    mutating func select(_ condition: String, _ a: String, _ b: String, name: String, shape: [Int]?) -> String {
        var a = a
        if let shape, let aShape = shapes[a], let bShape = shapes[b],
            (try? Tensor.broadcastShape(aShape, bShape)) != shape
        {
            let zeros = op("fill", ["shape": ints(shape), "value": scalar(0)], name: name + "_zeros", shape: shape)
            a = op("add", ["x": a, "y": zeros], name: name + "_full", shape: shape)
        }
        return op("select", ["cond": condition, "a": a, "b": b], name: name, shape: shape)
    }
}
