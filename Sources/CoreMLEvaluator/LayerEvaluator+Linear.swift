import CoreMLSpec
import CoreOps

/// Matrix products: `batchedMatmul`, `innerProduct` and the `embedding` and `embeddingND` lookups.
extension LayerEvaluator {
    static let linearEvaluators: [LayerEvaluator] = [
        .single("batchedMatmul", \.batchedMatmul, batchedMatmul),
        .single("innerProduct", \.innerProduct, innerProduct),
        .single("embedding", \.embedding, embedding),
        .single("embeddingNd", \.embeddingNd, embeddingND),
    ]

    /// `rows × inner` times `inner × columns`, both row-major.
    static func matmul(_ lhs: ArraySlice<Double>, _ rhs: ArraySlice<Double>, rows: Int, inner: Int, columns: Int)
        -> [Double]
    {
        var result = [Double](repeating: 0, count: rows * columns)
        let (left, right) = (lhs.startIndex, rhs.startIndex)
        for row in 0..<rows {
            for k in 0..<inner {
                let factor = lhs[left + row * inner + k]
                for column in 0..<columns {
                    result[row * columns + column] += factor * rhs[right + k * columns + column]
                }
            }
        }
        return result
    }

    private static func batchedMatmul(
        _ params: CoreML_Specification_BatchedMatMulLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let operands = try context.inputs(1...2)
        if operands.count == 2 {
            return try twoInputMatmul(operands[0], operands[1], params, context)
        }
        // One input: a constant [X1, X2] matrix whose values are stored column-major.
        guard !params.int8DynamicQuantize else { throw context.fail(.unsupported("int8 dynamic quantization")) }
        let input = operands[0]
        let (inner, columns) = (Int(params.weightMatrixFirstDimension), Int(params.weightMatrixSecondDimension))
        guard input.rank >= 1, input.shape[input.rank - 1] == inner else {
            throw context.fail(.wrongRank(expected: "last dimension \(inner)", shape: input.shape))
        }
        let stored = try context.weights(params.weights, "weights", count: inner * columns)
        var matrix = [Double](repeating: 0, count: inner * columns)
        for row in 0..<inner {
            for column in 0..<columns { matrix[row * columns + column] = stored[column * inner + row] }
        }
        let rows = input.count / Swift.max(inner, 1)
        var values = matmul(input.values[...], matrix[...], rows: rows, inner: inner, columns: columns)
        if params.hasBias_p {
            let bias = try context.weights(params.bias, "bias", count: columns)
            for position in values.indices { values[position] += bias[position % columns] }
        }
        return try context.tensor(shape: Array(input.shape.dropLast()) + [columns], values: values)
    }

    /// NumPy-style `matmul` of two inputs after the optional transposes, except that a promoted
    /// rank-1 operand keeps its added dimension: the result's rank is `max(2, rank(a), rank(b))`.
    private static func twoInputMatmul(
        _ a: Tensor, _ b: Tensor, _ params: CoreML_Specification_BatchedMatMulLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        var lhs = a.rank == 1 ? try context.tensor(shape: [1, a.shape[0]], values: a.values) : a
        var rhs = b.rank == 1 ? try context.tensor(shape: [b.shape[0], 1], values: b.values) : b
        if params.transposeA { lhs = swapLastTwo(lhs) }
        if params.transposeB { rhs = swapLastTwo(rhs) }
        let (rows, inner) = (lhs.shape[lhs.rank - 2], lhs.shape[lhs.rank - 1])
        let columns = rhs.shape[rhs.rank - 1]
        guard rhs.shape[rhs.rank - 2] == inner else {
            throw context.fail(.shapeMismatch("cannot multiply \(lhs.shape) by \(rhs.shape)"))
        }
        let batch = try context.shapes { () throws(CoreOpError) in
            try Tensor.broadcastShape(Array(lhs.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
        }
        let left = try context.shapes { () throws(CoreOpError) in try lhs.broadcast(to: batch + [rows, inner]) }
        let right = try context.shapes { () throws(CoreOpError) in try rhs.broadcast(to: batch + [inner, columns]) }
        var values: [Double] = []
        for item in 0..<batch.reduce(1, *) {
            let lhsBlock = left.values[(item * rows * inner)..<((item + 1) * rows * inner)]
            let rhsBlock = right.values[(item * inner * columns)..<((item + 1) * inner * columns)]
            values += matmul(lhsBlock, rhsBlock, rows: rows, inner: inner, columns: columns)
        }
        return try context.tensor(shape: batch + [rows, columns], values: values)
    }

    private static func swapLastTwo(_ tensor: Tensor) -> Tensor {
        var axes = Array(0..<tensor.rank)
        axes.swapAt(tensor.rank - 1, tensor.rank - 2)
        return tensor.transposed(axes)
    }

    /// A dense layer, reshaping by rank as the specification lists: rank 1 and 2 multiply the
    /// last axis; rank 3 `(x1, x2, C_in)`; rank 4 `(x1, C_in·1·1)`; rank 5 `(x1, x2, C_in·1·1)`.
    private static func innerProduct(
        _ params: CoreML_Specification_InnerProductLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        guard !params.int8DynamicQuantize else { throw context.fail(.unsupported("int8 dynamic quantization")) }
        let (inputs, outputs) = (Int(params.inputChannels), Int(params.outputChannels))
        let shape = input.shape
        let (batchShape, features): ([Int], Int)
        let suffix: [Int]
        switch input.rank {
        case 1, 2, 3: (batchShape, features, suffix) = (Array(shape.dropLast()), shape[input.rank - 1], [])
        case 4: (batchShape, features, suffix) = ([shape[0]], shape[1...].reduce(1, *), [1, 1])
        case 5: (batchShape, features, suffix) = (Array(shape[..<2]), shape[2...].reduce(1, *), [1, 1])
        default: throw context.fail(.wrongRank(expected: "rank 1 to 5", shape: shape))
        }
        guard features == inputs else {
            throw context.fail(.shapeMismatch("input \(shape) has \(features) features, inputChannels is \(inputs)"))
        }
        let weights = try context.weights(params.weights, "weights", count: outputs * inputs)
        let bias = params.hasBias_p ? try context.weights(params.bias, "bias", count: outputs) : nil
        var values: [Double] = []
        for row in 0..<batchShape.reduce(1, *) {
            for output in 0..<outputs {
                var total = bias?[output] ?? 0
                for k in 0..<inputs { total += weights[output * inputs + k] * input.values[row * inputs + k] }
                values.append(total)
            }
        }
        return try context.tensor(shape: batchShape + [outputs] + suffix, values: values)
    }

    /// Looks up column `x` of the `[outputChannels, inputDim]` weights for each index `x`.
    private static func embedding(
        _ params: CoreML_Specification_EmbeddingLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        guard input.rank == 4 || input.rank == 5, input.shape.suffix(3) == [1, 1, 1] else {
            throw context.fail(.wrongRank(expected: "rank 4 or 5 ending in 1, 1, 1", shape: input.shape))
        }
        let (size, outputs) = (Int(params.inputDim), Int(params.outputChannels))
        let weights = try context.weights(params.weights, "weights", count: outputs * size)
        let bias = params.hasBias_p ? try context.weights(params.bias, "bias", count: outputs) : nil
        var values: [Double] = []
        for value in input.values {
            guard value >= 0, value < Double(size), value == value.rounded() else {
                throw context.fail(.invalidParameter("index \(value) outside 0..<\(size)"))
            }
            for output in 0..<outputs { values.append(weights[output * size + Int(value)] + (bias?[output] ?? 0)) }
        }
        return try context.tensor(shape: Array(input.shape.dropLast(3)) + [outputs, 1, 1], values: values)
    }

    /// Replaces each id of a `[..., 1]` input by column `id` of the `[embeddingSize, vocabSize]`
    /// weights (plus the bias): `[..., embeddingSize]`.
    private static func embeddingND(
        _ params: CoreML_Specification_EmbeddingNDLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 2)
        guard input.shape.last == 1 else {
            throw context.fail(.wrongRank(expected: "a last dimension of 1", shape: input.shape))
        }
        let (vocabulary, size) = (Int(params.vocabSize), Int(params.embeddingSize))
        let weights = try context.weights(params.weights, "weights", count: size * vocabulary)
        let bias = params.hasBias_p ? try context.weights(params.bias, "bias", count: size) : nil
        var values: [Double] = []
        values.reserveCapacity(input.count * size)
        for id in input.values {
            guard id >= 0, id < Double(vocabulary), id == id.rounded() else {
                throw context.fail(.invalidParameter("id \(id) outside 0..<\(vocabulary)"))
            }
            for feature in 0..<size { values.append(weights[feature * vocabulary + Int(id)] + (bias?[feature] ?? 0)) }
        }
        return try context.tensor(shape: Array(input.shape.dropLast()) + [size], values: values)
    }
}
