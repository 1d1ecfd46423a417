import CoreMLSpec
import CoreOps

/// The classic rank-5 `reshape` and the block moves of `reorganizeData`.
extension LayerEvaluator {
    /// Reshapes a rank-5 `[Seq, B, C, H, W]` tensor to `[Seq, B, C', H', W']` (three target
    /// values) or `[Seq', B, C', H', W']` (four). Channel-last order reads and writes each item
    /// in `H, W, C` order.
    static func reshape(
        _ params: CoreML_Specification_ReshapeLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        guard input.rank == 5 else { throw context.fail(.wrongRank(expected: "rank 5", shape: input.shape)) }
        let target = params.targetShape.map { Int($0) }
        guard target.count == 3 || target.count == 4, target.allSatisfy({ $0 > 0 }) else {
            throw context.fail(.invalidParameter("targetShape \(target) is not 3 or 4 positive values"))
        }
        let sequence = target.count == 4 ? target[0] : input.shape[0]
        let (channels, height, width) = (target[target.count - 3], target[target.count - 2], target[target.count - 1])
        let shape = [sequence, input.shape[1], channels, height, width]
        guard shape.reduce(1, *) == input.count else {
            throw context.fail(.shapeMismatch("cannot reshape \(input.shape) to \(shape)"))
        }
        guard params.mode == .channelLast else { return try context.tensor(shape: shape, values: input.values) }
        let channelLast = input.transposed([0, 1, 3, 4, 2])
        let regrouped = try context.tensor(
            shape: [sequence, input.shape[1], height, width, channels], values: channelLast.values)
        return regrouped.transposed([0, 1, 4, 2, 3])
    }

    /// Moves `b × b` blocks between space and depth on `[..., C, H, W]`:
    /// space-to-depth writes `out[(i·b + j)·C + c, y, x] = in[c, y·b + i, x·b + j]`; depth-to-space
    /// is its inverse; pixel shuffle reads `in[c·b² + i·b + j, y, x]` instead.
    static func reorganizeData(
        _ params: CoreML_Specification_ReorganizeDataLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single(minimumRank: 3)
        let block = Int(params.blockSize)
        let (_, channels, height, width) = TensorLayout.images(input)
        let lead = Array(input.shape.dropLast(3))
        guard block > 1 else { throw context.fail(.invalidParameter("blockSize \(block) must be greater than 1")) }
        let area = block * block
        switch params.mode {
        case .spaceToDepth:
            guard height % block == 0, width % block == 0 else {
                throw context.fail(.shapeMismatch("blockSize \(block) does not divide \(height)x\(width)"))
            }
            return Tensor(shape: lead + [channels * area, height / block, width / block]) { index in
                let n = index.count
                let (depth, y, x) = (index[n - 3], index[n - 2], index[n - 1])
                let (offset, c) = (depth / channels, depth % channels)
                return input[Array(index.prefix(n - 3)) + [c, y * block + offset / block, x * block + offset % block]]
            }
        case .depthToSpace, .pixelShuffle:
            guard channels % area == 0 else {
                throw context.fail(.shapeMismatch("blockSize² \(area) does not divide \(channels) channels"))
            }
            let outputs = channels / area
            let shuffle = params.mode == .pixelShuffle
            return Tensor(shape: lead + [outputs, height * block, width * block]) { index in
                let n = index.count
                let (c, y, x) = (index[n - 3], index[n - 2], index[n - 1])
                let offset = (y % block) * block + x % block
                let depth = shuffle ? c * area + offset : offset * outputs + c
                return input[Array(index.prefix(n - 3)) + [depth, y / block, x / block]]
            }
        case .UNRECOGNIZED(let value):
            throw context.fail(.unsupported("reorganizeData mode \(value)"))
        }
    }
}
