import CoreMLSpec
import CoreOps

/// Classic layers on `[..., C, H, W]` tensors that rearrange or offset values: `flatten`,
/// `padding`, `concat`, `split`, `permute`, `reshape`, `reorganizeData`, `bias` and `scale`.
extension LayerEvaluator {
    static let imageEvaluators: [LayerEvaluator] = [
        .single("flatten", \.flatten) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            let rank = input.rank
            let lead = Array(0..<(rank - 3))
            let ordered = params.mode == .channelLast ? input.transposed(lead + [rank - 2, rank - 1, rank - 3]) : input
            let features = input.shape.suffix(3).reduce(1, *)
            return try context.tensor(shape: Array(input.shape.dropLast(3)) + [features, 1, 1], values: ordered.values)
        },
        .single("padding", \.padding, padding),
        .single("concat", \.concat) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let operands = try context.inputs(1...Int.max)
            let fromEnd = params.sequenceConcat ? 5 : 3
            for operand in operands { try context.require(operand, minimumRank: fromEnd) }
            return try TensorLayout.concatenate(operands, axis: operands[0].rank - fromEnd, context)
        },
        .make("split", \.split) { (params, context) throws(CoreMLEvaluationError) -> [Tensor] in
            let input = try context.single(minimumRank: 3)
            let parts = context.outputCount
            let channels = input.shape[input.rank - 3]
            guard parts > 0, channels % parts == 0, params.nOutputs == 0 || Int(params.nOutputs) == parts else {
                throw context.fail(
                    .invalidParameter("\(channels) channels into \(parts) outputs (nOutputs \(params.nOutputs))"))
            }
            return TensorLayout.split(
                input, axis: input.rank - 3, sizes: Array(repeating: channels / parts, count: parts))
        },
        .single("permute", \.permute) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single()
            guard input.rank == 5 else { throw context.fail(.wrongRank(expected: "rank 5", shape: input.shape)) }
            let axes = params.axis.isEmpty ? [0, 1, 2, 3] : params.axis.map { Int($0) }
            guard axes.sorted() == [0, 1, 2, 3] else {
                throw context.fail(.invalidParameter("axis \(axes) is not a permutation of [0, 1, 2, 3]"))
            }
            // Axes 0...3 name Seq, C, H, W; the batch axis (1 of the rank-5 tensor) stays put.
            let tensorAxis = [0, 2, 3, 4]
            return input.transposed([tensorAxis[axes[0]], 1] + axes[1...].map { tensorAxis[$0] })
        },
        .single("reshape", \.reshape, reshape),
        .single("reorganizeData", \.reorganizeData, reorganizeData),
        .single("bias", \.bias) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            let bias = try chwConstant(params.shape, params.bias, "bias", input, context)
            return try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(input, bias, +) }
        },
        .single("scale", \.scale) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let input = try context.single(minimumRank: 3)
            let scale = try chwConstant(params.shapeScale, params.scale, "scale", input, context)
            var result = try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(input, scale, *) }
            if params.hasBias_p {
                let bias = try chwConstant(params.shapeBias, params.bias, "bias", input, context)
                result = try context.shapes { () throws(CoreOpError) in try Tensor.elementwise(result, bias, +) }
            }
            return result
        },
    ]

    /// A `[1]`, `[C]`, `[1, H, W]` or `[C, H, W]` constant, shaped to broadcast against
    /// `[..., C, H, W]`.
    private static func chwConstant(
        _ shape: [UInt64], _ blob: CoreML_Specification_WeightParams, _ label: String, _ input: Tensor,
        _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let dims = shape.map { Int($0) }
        let (_, channels, height, width) = TensorLayout.images(input)
        let allowed = [[1], [channels], [1, height, width], [channels, height, width]]
        guard allowed.contains(dims) else {
            throw context.fail(.shapeMismatch("\(label) shape \(dims) for input \(input.shape)"))
        }
        let values = try context.weights(blob, label, count: dims.reduce(1, *))
        let broadcastShape = dims.count == 1 ? [dims[0], 1, 1] : dims
        return try context.tensor(shape: broadcastShape, values: values)
    }

    /// Pads the last two axes by constant, reflected (mirror without the edge) or replicated values.
    private static func padding(
        _ params: CoreML_Specification_PaddingLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 2)
        let amounts = try SpatialPadding.amounts(params.paddingAmounts, context)
        let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        let source: (Int, Int) -> Int?
        switch params.paddingType {
        case .constant?, nil:
            source = { position, size in position >= 0 && position < size ? position : nil }
        case .reflection?:
            guard amounts[0].0 < height, amounts[0].1 < height, amounts[1].0 < width, amounts[1].1 < width
            else { throw context.fail(.invalidParameter("reflection padding must be smaller than the input")) }
            source = { position, size in
                position < 0 ? -position : (position >= size ? 2 * (size - 1) - position : position)
            }
        case .replication?:
            source = { position, size in Swift.min(Swift.max(position, 0), size - 1) }
        }
        let fill: Double
        if case .constant(let constant)? = params.paddingType { fill = Double(constant.value) } else { fill = 0 }
        var shape = input.shape
        shape[input.rank - 2] += amounts[0].0 + amounts[0].1
        shape[input.rank - 1] += amounts[1].0 + amounts[1].1
        return Tensor(shape: shape) { index in
            var at = index
            guard let y = source(index[index.count - 2] - amounts[0].0, height),
                let x = source(index[index.count - 1] - amounts[1].0, width)
            else { return fill }
            at[at.count - 2] = y
            at[at.count - 1] = x
            return input[at]
        }
    }
}
