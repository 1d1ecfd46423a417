import CoreOps
import Foundation

extension MILOperations {
    /// x · weightᵀ + bias over the last axis of x: weight is [D_out, D_in], bias [D_out].
    static let linear: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let weight = try context.tensor("weight")
        guard weight.rank == 2, let inner = x.shape.last, weight.shape[1] == inner else {
            throw context.failure("weight \(weight.shape) does not take an input of shape \(x.shape)")
        }
        let outputs = weight.shape[0]
        let bias = context.optional("bias")?.values ?? Array(repeating: 0, count: outputs)
        guard bias.count == outputs else { throw context.failure("bias of \(bias.count) for \(outputs) outputs") }
        let rows = x.count / Swift.max(inner, 1)
        var values = [Double](repeating: 0, count: rows * outputs)
        for row in 0..<rows {
            for column in 0..<outputs {
                var sum = bias[column]
                for k in 0..<inner { sum += x.values[row * inner + k] * weight.values[column * inner + k] }
                values[row * outputs + column] = sum
            }
        }
        do { return try Tensor(shape: Array(x.shape.dropLast()) + [outputs], values: values) } catch {
            throw context.failure("\(error)")
        }
    }

    /// Batched matrix product over the last two axes (each transposed first when asked), the
    /// leading axes broadcast; a rank-1 operand is a row (x) or a column (y), its axis dropped.
    static let matmul: MILOpEvaluation = { context throws(MILEvaluationError) in
        var x = try context.tensor("x")
        var y = try context.tensor("y")
        let (xVector, yVector) = (x.rank == 1, y.rank == 1)
        do {
            if xVector { x = try x.reshaped([1, x.count]) }
            if yVector { y = try y.reshaped([y.count, 1]) }
        } catch { throw context.failure("\(error)") }
        if try context.bool("transpose_x", default: false), !xVector { x = swapLast(x) }
        if try context.bool("transpose_y", default: false), !yVector { y = swapLast(y) }
        let (m, k, n) = (x.shape[x.rank - 2], x.shape[x.rank - 1], y.shape[y.rank - 1])
        guard y.shape[y.rank - 2] == k else { throw context.failure("cannot multiply \(x.shape) by \(y.shape)") }
        let batch: [Int]
        do {
            batch = try Tensor.broadcastShape(Array(x.shape.dropLast(2)), Array(y.shape.dropLast(2)))
            x = try x.broadcast(to: batch + [m, k])
            y = try y.broadcast(to: batch + [k, n])
        } catch { throw context.failure("\(error)") }
        let count = batch.reduce(1, *)
        var values = [Double](repeating: 0, count: count * m * n)
        for b in 0..<count {
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k { sum += x.values[b * m * k + i * k + p] * y.values[b * k * n + p * n + j] }
                    values[b * m * n + i * n + j] = sum
                }
            }
        }
        var shape = batch + [m, n]
        if yVector { shape.removeLast() }
        if xVector { shape.remove(at: shape.count - (yVector ? 1 : 2)) }
        do { return try Tensor(shape: shape, values: values) } catch { throw context.failure("\(error)") }
    }

    static func swapLast(_ tensor: Tensor) -> Tensor {
        var perm = Array(0..<tensor.rank)
        perm.swapAt(tensor.rank - 1, tensor.rank - 2)
        return tensor.transposed(perm)
    }

    static let reductions: [(String, MILOpEvaluation)] = [
        ("reduce_sum", reduction { $0.reduce(0, +) }),
        ("reduce_mean", reduction { $0.reduce(0, +) / Double($0.count) }),
        ("reduce_max", reduction { $0.contains { $0.isNaN } ? .nan : $0.max() ?? -.infinity }),
        ("reduce_min", reduction { $0.contains { $0.isNaN } ? .nan : $0.min() ?? .infinity }),
        ("reduce_prod", reduction { $0.reduce(1, *) }),
        (
            "reduce_log_sum_exp",
            reduction { values in
                let top = values.max() ?? -.infinity
                guard top.isFinite else { return top }
                return top + Foundation.log(values.map { Foundation.exp($0 - top) }.reduce(0, +))
            }
        ),
        ("reduce_argmax", argument { $0 > $1 }), ("reduce_argmin", argument { $0 < $1 }),
    ]

    /// A reduction over `axes` (every axis when absent), reduced axes kept as 1 with `keep_dims`.
    static func reduction(_ combine: @escaping @Sendable ([Double]) -> Double) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in
            let x = try context.tensor("x")
            var axes: Set<Int> = []
            for axis in try context.ints("axes", default: Array(0..<x.rank)) {
                axes.insert(try context.axis(axis, rank: x.rank))
            }
            let keep = try context.bool("keep_dims", default: false)
            let kept = x.shape.indices.filter { !axes.contains($0) }
            let reduced = axes.sorted()
            // The reduced axes moved last, each group of their values is one row.
            let moved = x.transposed(kept + reduced)
            let groupSize = reduced.map { x.shape[$0] }.reduce(1, *)
            let groups = groupSize == 0 ? kept.map { x.shape[$0] }.reduce(1, *) : moved.count / groupSize
            let values = (0..<groups).map { group in
                combine(Array(moved.values[(group * groupSize)..<((group + 1) * groupSize)]))
            }
            let shape = keep ? x.shape.indices.map { axes.contains($0) ? 1 : x.shape[$0] } : kept.map { x.shape[$0] }
            do { return try Tensor(shape: shape, values: values) } catch { throw context.failure("\(error)") }
        }
    }

    /// The position of the first value that beats the others along `axis`.
    static func argument(_ beats: @escaping @Sendable (Double, Double) -> Bool) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in
            let x = try context.tensor("x")
            let axis = try context.axis(try context.int("axis", default: -1), rank: x.rank)
            let keep = try context.bool("keep_dims", default: false)
            do {
                var result = try x.mappingLines(along: axis, length: 1) { line in
                    var best = 0
                    for (position, value) in line.enumerated() where beats(value, line[best]) { best = position }
                    return [Double(best)]
                }
                if !keep { result = try result.reshaped(x.shape.indices.filter { $0 != axis }.map { x.shape[$0] }) }
                return result
            } catch { throw context.failure("\(error)") }
        }
    }
}
