/// TensorFlow's `strided_slice`, resolved against an input shape: which elements of each input
/// dimension are taken, and the output shape after `shrink_axis_mask` and `new_axis_mask`.
///
/// Follows `ValidateStridedSliceOp` in TensorFlow: the sparse spec (one entry per `begin` item,
/// with an ellipsis standing for the dimensions not named) is made dense (one entry per input
/// dimension); negative indices count from the end; indices are clamped to the dimension, and
/// masked ones take the whole range in the stride's direction.
struct StridedSlice {
    /// The elements taken from one input dimension: `begin`, `begin + stride`, ..., `size` of them.
    struct Selection {
        var begin: Int
        var stride: Int
        /// Nil when the dimension is unknown.
        var size: Int?
    }

    /// The bit masks, as `tf.strided_slice` takes them.
    struct Masks {
        var begin = 0
        var end = 0
        var ellipsis = 0
        var newAxis = 0
        var shrinkAxis = 0
    }

    /// One selection per input dimension.
    let selections: [Selection]
    /// The output shape.
    let shape: [Int?]

    init(input: [Int?], begin: [Int], end: [Int], strides: [Int], masks: Masks) throws(CoreOpError) {
        guard begin.count == end.count, end.count == strides.count else {
            throw CoreOpError("begin \(begin), end \(end) and strides \(strides) must have the same length")
        }
        guard masks.ellipsis & (masks.ellipsis &- 1) == 0 else {
            throw CoreOpError("ellipsis_mask \(masks.ellipsis) marks more than one ellipsis")
        }
        let dense = try DenseSpec(rank: input.count, begin: begin, end: end, strides: strides, masks: masks)
        var selections: [Selection] = []
        for axis in input.indices {
            selections.append(try Self.select(axis, of: input, dense))
        }
        self.selections = selections
        var shape: [Int?] = []
        for placement in dense.outputAxes {
            switch placement {
            case .input(let axis): shape.append(selections[axis].size)
            case .newAxis: shape.append(1)
            case .shrunk: continue
            }
        }
        self.shape = shape
    }

    /// The slice of a concrete tensor.
    func apply(to tensor: Tensor) throws(CoreOpError) -> Tensor {
        let sizes = selections.map { $0.size ?? 0 }
        let sliced = Tensor(shape: sizes) { (index: [Int]) -> Double in
            tensor[zip(index, selections).map { $1.begin + $0 * $1.stride }]
        }
        // New and shrunk axes have size 1, so they only change the shape, not the order.
        return try sliced.reshaped(shape.map { $0 ?? 0 })
    }

    private static func select(_ axis: Int, of input: [Int?], _ dense: DenseSpec) throws(CoreOpError) -> Selection {
        let stride = dense.strides[axis]
        let shrink = dense.shrinkAxis & (1 << axis) != 0
        guard stride != 0 else { throw CoreOpError("strides[\(axis)] must be non-zero") }
        if shrink && stride < 0 { throw CoreOpError("only stride 1 allowed on non-range indexing (axis \(axis))") }
        guard let size = input[axis] else { return Selection(begin: 0, stride: stride, size: shrink ? 1 : nil) }
        if shrink {
            let index = dense.begin[axis] < 0 ? dense.begin[axis] + size : dense.begin[axis]
            guard index >= 0 && index < size else {
                let shape = ShapeRules.describe(input)
                throw CoreOpError("index \(dense.begin[axis]) is out of bounds for axis \(axis) of shape \(shape)")
            }
            return Selection(begin: index, stride: 1, size: 1)
        }
        // Valid positions run from 0 to size going forward, from size - 1 down to -1 going backward.
        let low = stride > 0 ? 0 : -1
        let high = stride > 0 ? size : size - 1
        func canonical(_ index: Int, masked: Bool, isBegin: Bool) -> Int {
            if masked { return (stride > 0) == isBegin ? low : high }
            let forward = index < 0 ? index + size : index
            return Swift.min(Swift.max(forward, low), high)
        }
        let first = canonical(dense.begin[axis], masked: dense.beginMask & (1 << axis) != 0, isBegin: true)
        let last = canonical(dense.end[axis], masked: dense.endMask & (1 << axis) != 0, isBegin: false)
        let interval = last - first
        let count =
            interval == 0 || (interval < 0) != (stride < 0) ? 0 : interval / stride + (interval % stride != 0 ? 1 : 0)
        return Selection(begin: first, stride: stride, size: count)
    }
}

/// The strided slice spec with one entry per input dimension.
private struct DenseSpec {
    enum Placement {
        case input(Int)
        case newAxis
        case shrunk
    }

    var begin: [Int]
    var end: [Int]
    var strides: [Int]
    var beginMask = 0
    var endMask = 0
    var shrinkAxis = 0
    /// Where each output dimension comes from.
    var outputAxes: [Placement] = []

    init(
        rank: Int, begin sparseBegin: [Int], end sparseEnd: [Int], strides sparseStrides: [Int],
        masks: StridedSlice.Masks
    ) throws(CoreOpError) {
        begin = [Int](repeating: 0, count: rank)
        end = begin
        strides = [Int](repeating: 1, count: rank)
        var ellipsis = masks.ellipsis
        var entries = sparseBegin.count
        // Without an ellipsis, one is implied after the last entry, covering the dimensions left.
        if ellipsis & ((1 << entries) &- 1) == 0 {
            ellipsis = 1 << entries
            entries += 1
        }
        let ellipsisPosition = (0..<entries).first { ellipsis & (1 << $0) != 0 } ?? entries
        let newAxesAfterEllipsis = (ellipsisPosition + 1..<entries).filter { masks.newAxis & (1 << $0) != 0 }.count
        var axis = 0
        for entry in 0..<entries {
            let bit = 1 << entry
            if ellipsis & bit != 0 {
                let next = Swift.min(rank - (entries - entry) + 1 + newAxesAfterEllipsis, rank)
                while axis < next {
                    beginMask |= 1 << axis
                    endMask |= 1 << axis
                    outputAxes.append(.input(axis))
                    axis += 1
                }
            } else if masks.newAxis & bit != 0 {
                outputAxes.append(.newAxis)
            } else {
                guard axis < rank else {
                    throw CoreOpError("slice has more indices than the input's rank \(rank)")
                }
                begin[axis] = sparseBegin[entry]
                end[axis] = sparseEnd[entry]
                strides[axis] = sparseStrides[entry]
                if masks.begin & bit != 0 { beginMask |= 1 << axis }
                if masks.end & bit != 0 { endMask |= 1 << axis }
                if masks.shrinkAxis & bit != 0 {
                    shrinkAxis |= 1 << axis
                    outputAxes.append(.shrunk)
                } else {
                    outputAxes.append(.input(axis))
                }
                axis += 1
            }
        }
    }
}
