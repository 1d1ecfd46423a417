import CoreMLSpec
import CoreOps

/// Selection and scan layers as the Core ML specification describes them: `gather` (positions
/// from a second input), `argMax` / `argMin`, `topK` (values and positions, two outputs),
/// `oneHot` and `cumSum`. Positions are floats, as every NeuralNetwork tensor; where the
/// specification leaves ties open, the first position wins (TensorFlow's choice).
extension LayerEvaluator {
    static let selectionEvaluators: [LayerEvaluator] = [
        .single("gather", \.gather) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let operands = try context.inputs(2...2)
            let (data, indices) = (operands[0], operands[1])
            let axis = try context.axis(params.axis, rank: data.rank)
            let size = data.shape[axis]
            var positions: [Int] = []
            for value in indices.values {
                guard value.rounded() == value, value >= Double(-size), value < Double(size) else {
                    throw context.fail(
                        .invalidParameter("index \(value) out of range for axis \(axis) of \(data.shape)"))
                }
                positions.append(value < 0 ? Int(value) + size : Int(value))
            }
            let taken = gather(data, axis: axis, positions: positions)
            let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
            return try context.tensor(shape: shape, values: taken.values)
        },
        .single("argMax", \.argMax) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            try extremePosition(context, axis: params.axis, removeDim: params.removeDim, better: >)
        },
        .single("argMin", \.argMin) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            try extremePosition(context, axis: params.axis, removeDim: params.removeDim, better: <)
        },
        .make("topK", \.topK) { (params, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let input = try context.single()
            let axis = try context.axis(params.axis, rank: input.rank)
            let k = Int(params.k)
            guard k >= 0 && k <= input.shape[axis] else {
                throw context.fail(.invalidParameter("K \(k) for axis \(axis) of \(input.shape)"))
            }
            let bottom = params.useBottomK
            let order = { (line: [Double]) -> [Int] in
                line.indices.sorted { a, b in
                    line[a] == line[b] ? a < b : (bottom ? line[a] < line[b] : line[a] > line[b])
                }
            }
            let values = try context.shapes { () throws(CoreOpError) in
                try input.mappingLines(along: axis, length: k) { line in order(line).prefix(k).map { line[$0] } }
            }
            let positions = try context.shapes { () throws(CoreOpError) in
                try input.mappingLines(along: axis, length: k) { line in order(line).prefix(k).map(Double.init) }
            }
            return context.outputCount > 1 ? [values, positions] : [values]
        },
        .single("oneHot", \.oneHot) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let indices = try context.single()
            let depth = Int(params.oneHotVectorSize)
            let axis = try context.axis(params.axis, rank: indices.rank + 1)
            let (on, off) = (Double(params.onValue), Double(params.offValue))
            var shape = indices.shape
            shape.insert(depth, at: axis)
            return Tensor(shape: shape) { (index: [Int]) -> Double in
                var source = index
                let position = source.remove(at: axis)
                return indices[source] == Double(position) ? on : off
            }
        },
        .single("cumSum", \.cumSum) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            let axis = try context.axis(params.axis, rank: input.rank)
            let (exclusive, reverse) = (params.excludeFinalSum, params.reverse)
            return try context.shapes { () throws(CoreOpError) in
                try input.mappingLines(along: axis, length: input.shape[axis]) { line in
                    var total = 0.0
                    var sums: [Double] = []
                    for value in reverse ? line.reversed() : line {
                        if exclusive { sums.append(total) }
                        total += value
                        if !exclusive { sums.append(total) }
                    }
                    return reverse ? sums.reversed() : sums
                }
            }
        },
    ]

    /// argMax or argMin: the first position along `axis` that no other beats.
    private static func extremePosition(
        _ context: LayerContext, axis: Int64, removeDim: Bool, better: @escaping (Double, Double) -> Bool
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let resolved = try context.axis(axis, rank: input.rank)
        guard input.shape[resolved] > 0 else { throw context.fail(.invalidParameter("axis \(resolved) is empty")) }
        let picked = try context.shapes { () throws(CoreOpError) in
            try input.mappingLines(along: resolved, length: 1) { line in
                var best = 0
                for position in line.indices where better(line[position], line[best]) { best = position }
                return [Double(best)]
            }
        }
        guard removeDim else { return picked }
        var shape = input.shape
        shape.remove(at: resolved)
        return try context.tensor(shape: shape, values: picked.values)
    }
}
