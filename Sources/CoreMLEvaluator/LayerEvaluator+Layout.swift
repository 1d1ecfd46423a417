import CoreMLSpec
import CoreOps

/// Rank-N layers that move or repeat values without arithmetic: transpose, the reshapes,
/// concatenation and splitting, tile, reverse, broadcasting and constant padding.
extension LayerEvaluator {
    static let layoutEvaluators: [LayerEvaluator] = [
        .single("transpose", \.transpose) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            let axes = params.axes.map { Int($0) }
            guard axes.sorted() == Array(0..<input.rank) else {
                throw context.fail(.invalidParameter("axes \(axes) are not a permutation of 0..<\(input.rank)"))
            }
            return input.transposed(axes)
        },
        .single("reshapeStatic", \.reshapeStatic) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            let shape = try TensorLayout.resolve(params.targetShape.map { Int($0) }, count: input.count, context)
            return try context.tensor(shape: shape, values: input.values)
        },
        .single("flattenTo2D", \.flattenTo2D) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            let rank = input.rank
            guard params.axis >= -Int64(rank) && params.axis <= Int64(rank) else {
                throw context.fail(.invalidParameter("axis \(params.axis) out of range for rank \(rank)"))
            }
            let axis = params.axis < 0 ? Int(params.axis) + rank : Int(params.axis)
            let shape = [input.shape[..<axis].reduce(1, *), input.shape[axis...].reduce(1, *)]
            return try context.tensor(shape: shape, values: input.values)
        },
        .single("expandDims", \.expandDims, expandDims),
        .single("squeeze", \.squeeze, squeeze),
        .single("concatNd", \.concatNd) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let operands = try context.inputs(1...Int.max)
            guard !params.interleave else { throw context.fail(.unsupported("interleaved concatenation")) }
            return try TensorLayout.concatenate(
                operands, axis: context.axis(params.axis, rank: operands[0].rank), context)
        },
        .make("splitNd", \.splitNd, splitND),
        .single("tile", \.tile) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            let reps = params.reps.map { Int($0) }
            guard reps.count == input.rank, reps.allSatisfy({ $0 >= 1 }) else {
                throw context.fail(.invalidParameter("reps \(reps) for an input of rank \(input.rank)"))
            }
            let shape = zip(input.shape, reps).map { $0 * $1 }
            return Tensor(shape: shape) { index in input[zip(index, input.shape).map { $0 % $1 }] }
        },
        .single("reverse", \.reverse) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            guard params.reverseDim.count == input.rank else {
                throw context.fail(
                    .invalidParameter("reverseDim has \(params.reverseDim.count) flags for rank \(input.rank)"))
            }
            return Tensor(shape: input.shape) { index in
                input[index.indices.map { params.reverseDim[$0] ? input.shape[$0] - 1 - index[$0] : index[$0] }]
            }
        },
        .elementwiseShape("getShape") { input in Tensor(vector: input.shape.map(Double.init)) },
        LayerEvaluator(kind: "broadcastToLike") { (_, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let operands = try context.inputs(2...2)
            return [try context.shapes { () throws(CoreOpError) in try operands[0].broadcast(to: operands[1].shape) }]
        },
        .single("constantPad", \.constantPad, constantPad),
    ]

    /// A one-input layer whose output depends only on the input (not on parameters).
    static func elementwiseShape(_ kind: String, _ body: @escaping @Sendable (Tensor) -> Tensor) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (_, context) throws(CoreMLEvaluationError) -> [Tensor] in
            [body(try context.single())]
        }
    }

    /// Inserts a dimension of 1 at each axis, counted in the output's rank.
    private static func expandDims(
        _ params: CoreML_Specification_ExpandDimsLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let rank = input.rank + params.axes.count
        var inserted = Set<Int>()
        for axis in params.axes { inserted.insert(try context.axis(axis, rank: rank)) }
        guard inserted.count == params.axes.count, !params.axes.isEmpty else {
            throw context.fail(.invalidParameter("axes \(params.axes) are empty or repeat an axis"))
        }
        var source = input.shape.makeIterator()
        let shape = (0..<rank).map { inserted.contains($0) ? 1 : (source.next() ?? 1) }
        return try context.tensor(shape: shape, values: input.values)
    }

    /// Drops the listed axes (or every axis of size 1); a rank-1 input stays rank 1.
    private static func squeeze(
        _ params: CoreML_Specification_SqueezeLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        var dropped = Set<Int>()
        if params.squeezeAll {
            dropped = Set(input.shape.indices.filter { input.shape[$0] == 1 })
        } else {
            for axis in params.axes {
                let resolved = try context.axis(axis, rank: input.rank)
                guard input.shape[resolved] == 1 else {
                    throw context.fail(.invalidParameter("axis \(axis) has size \(input.shape[resolved]), not 1"))
                }
                dropped.insert(resolved)
            }
        }
        let shape = input.shape.indices.filter { !dropped.contains($0) }.map { input.shape[$0] }
        return try context.tensor(shape: shape.isEmpty ? [1] : shape, values: input.values)
    }

    private static func splitND(
        _ params: CoreML_Specification_SplitNDLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Tensor] {
        let input = try context.single()
        let axis = try context.axis(params.axis, rank: input.rank)
        let size = input.shape[axis]
        var sizes = params.splitSizes.map { Int($0) }
        if sizes.isEmpty {
            let parts = params.numSplits == 0 ? context.outputCount : Int(params.numSplits)
            guard parts > 0, size % parts == 0 else {
                throw context.fail(.invalidParameter("\(parts) equal splits of a dimension of \(size)"))
            }
            sizes = Array(repeating: size / parts, count: parts)
        }
        guard sizes.reduce(0, +) == size, sizes.count == context.outputCount else {
            throw context.fail(.invalidParameter("split sizes \(sizes) for a dimension of \(size)"))
        }
        return TensorLayout.split(input, axis: axis, sizes: sizes)
    }

    /// Pads every axis by the (before, after) pairs of `padAmounts`, which holds two values per
    /// axis of the input; in output-size mode the non-zero one of each pair is the size to reach.
    private static func constantPad(
        _ params: CoreML_Specification_ConstantPaddingLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let amounts = params.padAmounts.map { Int($0) }
        guard amounts.count == 2 * input.rank else {
            throw context.fail(.invalidParameter("padAmounts has \(amounts.count) values for rank \(input.rank)"))
        }
        var before = [Int](repeating: 0, count: input.rank)
        var after = [Int](repeating: 0, count: input.rank)
        for axis in 0..<input.rank {
            let (first, second) = (amounts[2 * axis], amounts[2 * axis + 1])
            guard params.padToGivenOutputSizeMode else {
                (before[axis], after[axis]) = (first, second)
                continue
            }
            guard first == 0 || second == 0,
                Swift.max(first, second) == 0 || Swift.max(first, second) >= input.shape[axis]
            else {
                throw context.fail(.invalidParameter("output-size padding (\(first), \(second)) on axis \(axis)"))
            }
            if first != 0 { before[axis] = first - input.shape[axis] }
            if second != 0 { after[axis] = second - input.shape[axis] }
        }
        let shape = input.shape.indices.map { input.shape[$0] + before[$0] + after[$0] }
        let value = Double(params.value)
        return Tensor(shape: shape) { index in
            let source = index.indices.map { index[$0] - before[$0] }
            for axis in source.indices where source[axis] < 0 || source[axis] >= input.shape[axis] { return value }
            return input[source]
        }
    }
}
