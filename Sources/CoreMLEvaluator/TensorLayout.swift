import CoreOps

/// Shape and layout helpers shared by several layer kinds.
enum TensorLayout {
    /// A target shape with at most one `-1` filled in so that it holds `count` elements.
    static func resolve(_ target: [Int], count: Int, _ context: LayerContext) throws(CoreMLEvaluationError) -> [Int] {
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 > 0 || $0 == -1 }) else {
            throw context.fail(.invalidParameter("target shape \(target)"))
        }
        var shape = target
        let known = target.filter { $0 > 0 }.reduce(1, *)
        if let slot = unknown.first {
            guard known > 0, count % known == 0 else {
                throw context.fail(.shapeMismatch("cannot reshape \(count) elements to \(target)"))
            }
            shape[slot] = count / known
        }
        guard shape.reduce(1, *) == count else {
            throw context.fail(.shapeMismatch("cannot reshape \(count) elements to \(target)"))
        }
        return shape
    }

    /// The operands joined along `axis`; every other dimension must agree.
    static func concatenate(
        _ operands: [Tensor], axis: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let first = operands[0]
        for operand in operands {
            var lhs = operand.shape
            var rhs = first.shape
            guard lhs.count == rhs.count else {
                throw context.fail(.shapeMismatch("cannot concatenate shapes \(operands.map(\.shape))"))
            }
            lhs[axis] = 0
            rhs[axis] = 0
            guard lhs == rhs else {
                throw context.fail(.shapeMismatch("cannot concatenate shapes \(operands.map(\.shape)) on axis \(axis)"))
            }
        }
        let outer = first.shape[..<axis].reduce(1, *)
        var values: [Double] = []
        values.reserveCapacity(operands.reduce(0) { $0 + $1.count })
        for block in 0..<outer {
            for operand in operands {
                let chunk = operand.shape[axis...].reduce(1, *)
                values.append(contentsOf: operand.values[(block * chunk)..<((block + 1) * chunk)])
            }
        }
        var shape = first.shape
        shape[axis] = operands.reduce(0) { $0 + $1.shape[axis] }
        return try context.tensor(shape: shape, values: values)
    }

    /// The input cut along `axis` into consecutive parts of the given sizes (which sum to the
    /// dimension).
    static func split(_ input: Tensor, axis: Int, sizes: [Int]) -> [Tensor] {
        var start = 0
        return sizes.map { size in
            var shape = input.shape
            shape[axis] = size
            let offset = start
            start += size
            return Tensor(shape: shape) { index in
                var source = index
                source[axis] += offset
                return input[source]
            }
        }
    }

    /// The tensor viewed as images `[batch, C, H, W]`, the batch folding every axis before -3.
    static func images(_ tensor: Tensor) -> (batch: Int, channels: Int, height: Int, width: Int) {
        let rank = tensor.rank
        return (
            tensor.shape[..<(rank - 3)].reduce(1, *), tensor.shape[rank - 3], tensor.shape[rank - 2],
            tensor.shape[rank - 1]
        )
    }
}
