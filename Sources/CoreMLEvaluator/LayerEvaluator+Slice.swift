import CoreMLSpec
import CoreOps

/// Slicing layers: the rank-N `sliceStatic`, the classic one-axis `slice` and `crop`.
extension LayerEvaluator {
    static let sliceEvaluators: [LayerEvaluator] = [
        .single("sliceStatic", \.sliceStatic, sliceStatic),
        .single("slice", \.slice) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let axisFromEnd: Int
            switch params.axis {
            case .channelAxis: axisFromEnd = 3
            case .heightAxis: axisFromEnd = 2
            case .widthAxis: axisFromEnd = 1
            case .UNRECOGNIZED(let value): throw context.fail(.unsupported("slice axis \(value)"))
            }
            let input = try context.single(minimumRank: axisFromEnd)
            let axis = input.rank - axisFromEnd
            let size = input.shape[axis]
            guard params.stride > 0 else { throw context.fail(.invalidParameter("stride must be positive")) }
            let start = Int(params.startIndex) < 0 ? Int(params.startIndex) + size : Int(params.startIndex)
            let end = Int(params.endIndex) < 0 ? Int(params.endIndex) + size : Int(params.endIndex)
            let positions = Array(stride(from: Swift.max(start, 0), to: Swift.min(end, size), by: Int(params.stride)))
            return gather(input, axis: axis, positions: positions)
        },
        .single("crop", \.crop) { (params, context) throws(CoreMLEvaluationError) -> Tensor in
            let operands = try context.inputs(1...2)
            let input = operands[0]
            try context.require(input, minimumRank: 3)
            let (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
            var rows: Range<Int>
            var columns: Range<Int>
            if operands.count == 2 {
                let reference = operands[1]
                try context.require(reference, minimumRank: 2)
                guard params.offset.count == 2 else {
                    throw context.fail(.invalidParameter("offset must have 2 values"))
                }
                let (top, left) = (Int(params.offset[0]), Int(params.offset[1]))
                rows = top..<(top + reference.shape[reference.rank - 2])
                columns = left..<(left + reference.shape[reference.rank - 1])
            } else {
                let edges = params.cropAmounts.borderAmounts
                guard edges.count == 2 else { throw context.fail(.invalidParameter("cropAmounts must have 2 entries")) }
                rows = Int(edges[0].startEdgeSize)..<(height - Int(edges[0].endEdgeSize))
                columns = Int(edges[1].startEdgeSize)..<(width - Int(edges[1].endEdgeSize))
            }
            guard rows.lowerBound >= 0, rows.upperBound <= height, columns.lowerBound >= 0, columns.upperBound <= width,
                !rows.isEmpty, !columns.isEmpty
            else { throw context.fail(.invalidParameter("crop \(rows), \(columns) of \(height)x\(width)")) }
            let cut = gather(input, axis: input.rank - 2, positions: Array(rows))
            return gather(cut, axis: input.rank - 1, positions: Array(columns))
        },
    ]

    /// The elements at `positions` along `axis`, in that order.
    static func gather(_ input: Tensor, axis: Int, positions: [Int]) -> Tensor {
        var shape = input.shape
        shape[axis] = positions.count
        return Tensor(shape: shape) { index in
            var source = index
            source[axis] = positions[index[axis]]
            return input[source]
        }
    }

    /// A strided slice of every axis. Per axis: a set begin (end) mask means the start (end) of
    /// the walk in the stride's direction; negative ids count from the end; the range is clipped
    /// to the axis; a set squeeze mask drops the axis, which must then hold one element.
    private static func sliceStatic(
        _ params: CoreML_Specification_SliceStaticLayerParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let input = try context.single()
        let rank = input.rank
        let counts = [params.beginIds.count, params.endIds.count, params.strides.count]
        let masks = [params.beginMasks.count, params.endMasks.count, params.squeezeMasks.count]
        guard counts.allSatisfy({ $0 == rank }), masks.allSatisfy({ $0 == 0 || $0 == rank }) else {
            throw context.fail(.invalidParameter("begin/end/strides/masks lengths \(counts + masks) for rank \(rank)"))
        }
        var result = input
        var squeezed: [Int] = []
        for axis in 0..<rank {
            let step = Int(params.strides[axis])
            guard step != 0 else { throw context.fail(.invalidParameter("stride 0 on axis \(axis)")) }
            let size = input.shape[axis]
            let positions = sliceRange(
                size: size, step: step,
                begin: params.beginMasks.isEmpty || !params.beginMasks[axis] ? Int(params.beginIds[axis]) : nil,
                end: params.endMasks.isEmpty || !params.endMasks[axis] ? Int(params.endIds[axis]) : nil)
            result = gather(result, axis: axis, positions: positions)
            if !params.squeezeMasks.isEmpty && params.squeezeMasks[axis] {
                guard positions.count == 1 else {
                    throw context.fail(.invalidParameter("squeezed axis \(axis) keeps \(positions.count) elements"))
                }
                squeezed.append(axis)
            }
        }
        let shape = result.shape.indices.filter { !squeezed.contains($0) }.map { result.shape[$0] }
        return try context.tensor(shape: shape.isEmpty ? [1] : shape, values: result.values)
    }

    /// The indices a strided slice visits along one axis; `nil` bounds are masked.
    static func sliceRange(size: Int, step: Int, begin: Int?, end: Int?) -> [Int] {
        func normalized(_ id: Int) -> Int { id < 0 ? id + size : id }
        if step > 0 {
            let start = begin.map { Swift.min(Swift.max(normalized($0), 0), size) } ?? 0
            let stop = end.map { Swift.min(Swift.max(normalized($0), 0), size) } ?? size
            return start < stop ? Array(stride(from: start, to: stop, by: step)) : []
        }
        let start = begin.map { Swift.min(Swift.max(normalized($0), -1), size - 1) } ?? size - 1
        let stop = end.map { Swift.min(Swift.max(normalized($0), -1), size - 1) } ?? -1
        return start > stop ? Array(stride(from: start, to: stop, by: step)) : []
    }
}
