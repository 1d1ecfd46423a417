/// NumPy-style broadcasting: shapes align at their last dimension, and a dimension of 1 stretches
/// to match the other operand's.
extension Tensor {
    /// The shape two operands broadcast to.
    /// - Throws: `CoreOpError` when an aligned pair of dimensions differs and neither is 1.
    public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) throws(CoreOpError) -> [Int] {
        let known = try ShapeRules.broadcast(lhs.map(Optional.some), rhs.map(Optional.some))
        return known.map { $0 ?? 0 }
    }

    /// This tensor stretched to `target`, which it must broadcast to.
    /// - Throws: `CoreOpError` when the shape does not broadcast to `target`.
    public func broadcast(to target: [Int]) throws(CoreOpError) -> Tensor {
        if shape == target { return self }
        let lead = target.count - rank
        guard lead >= 0, try Self.broadcastShape(shape, target) == target else {
            throw CoreOpError("cannot broadcast shape \(shape) to \(target)")
        }
        // A stretched dimension is read with stride 0, so every target index maps to one source.
        let strides = self.strides
        let sourceStrides = target.indices.map { axis in
            axis < lead || shape[axis - lead] == 1 ? 0 : strides[axis - lead]
        }
        return Tensor(shape: target) { (index: [Int]) -> Double in
            values[zip(index, sourceStrides).reduce(0) { $0 + $1.0 * $1.1 }]
        }
    }

    /// Combines operands element by element after broadcasting them to a common shape.
    /// - Throws: `CoreOpError` when the shapes do not broadcast together.
    public static func elementwise(
        _ operands: [Tensor], _ combine: ([Double]) -> Double
    ) throws(CoreOpError) -> Tensor {
        var shape: [Int] = []
        for operand in operands {
            shape = try broadcastShape(shape, operand.shape)
        }
        var stretched: [Tensor] = []
        for operand in operands {
            stretched.append(try operand.broadcast(to: shape))
        }
        let count = shape.reduce(1, *)
        var values: [Double] = []
        values.reserveCapacity(count)
        var arguments = [Double](repeating: 0, count: operands.count)
        for position in 0..<count {
            for (slot, operand) in stretched.enumerated() {
                arguments[slot] = operand.values[position]
            }
            values.append(combine(arguments))
        }
        return Tensor(unchecked: shape, values: values)
    }

    /// Combines two operands element by element after broadcasting them to a common shape.
    /// - Throws: `CoreOpError` when the shapes do not broadcast together.
    public static func elementwise(
        _ lhs: Tensor, _ rhs: Tensor, _ combine: (Double, Double) -> Double
    ) throws(CoreOpError) -> Tensor {
        let shape = try broadcastShape(lhs.shape, rhs.shape)
        let left = try lhs.broadcast(to: shape)
        let right = try rhs.broadcast(to: shape)
        return Tensor(unchecked: shape, values: zip(left.values, right.values).map(combine))
    }
}
