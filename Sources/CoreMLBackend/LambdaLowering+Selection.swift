import CoreMLSpec
import CoreOps

extension LambdaLowering {
    /// Selection and scans: `gather` (a constant index blob and the gather layer), `argmax` and
    /// `argmin` (their layers, the axis removed), `top_k` (the topK layer's values or indices
    /// output), `one_hot` and `cumsum` (spec 5 layers), and `cumprod`, which Core ML has no layer
    /// for, as running products of slices.
    ///
    /// Positions (argmax, top_k indices) are float tensors in Core ML, where TensorFlow gives
    /// int32 or int64: the values are equal, the dtype is not.
    static let selectionLowerings: [(key: String, value: Lowering)] = [
        ("gather", perSample(gather)),
        ("argmax", perSample(argumentExtreme)), ("argmin", perSample(argumentExtreme)),
        ("top_k", shaped(topK)),
        (
            "one_hot",
            shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                let attributes = lowering.attributes(node)
                let (depth, on, off) = (
                    try attributes.int("depth"), try attributes.float("on_value"), try attributes.float("off_value")
                )
                return lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
                    var params = CoreML_Specification_OneHotLayerParams()
                    params.oneHotVectorSize = UInt64(depth)
                    params.axis = -1
                    params.onValue = Float(on)
                    params.offValue = Float(off)
                    layer.oneHot = params
                }
            }
        ),
        (
            "cumsum",
            perSample { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                let attributes = lowering.attributes(node)
                let axis = try lowering.axis(try attributes.int("axis"), rank: shapes.input.count)
                let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
                return lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
                    var params = CoreML_Specification_CumSumLayerParams()
                    params.axis = Int64(axis)
                    params.excludeFinalSum = exclusive
                    params.reverse = reverse
                    layer.cumSum = params
                }
            }
        ),
        ("cumprod", perSample(cumulativeProduct)),
    ]

    /// The positions as a constant blob (negative ones made non-negative), then the gather layer.
    private static let gather: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let axis = try lowering.axis(try attributes.int("axis"), rank: shapes.input.count)
        let size = shapes.input[axis]
        let positions = try attributes.ints("indices").map { $0 < 0 ? $0 + size : $0 }
        let indices = lowering.builder.constant(
            positions.map(Double.init), shape: [positions.count], name: name + "_indices")
        return lowering.builder.add(name, inputs: [operands[0], indices], shape: shapes.output) { layer in
            var params = CoreML_Specification_GatherLayerParams()
            params.axis = Int64(axis)
            layer.gather = params
        }
    }

    private static let argumentExtreme: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let axis = try lowering.axis(try lowering.attributes(node).int("axis"), rank: shapes.input.count)
        return lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
            if node.op == "argmin" {
                var params = CoreML_Specification_ArgMinLayerParams()
                (params.axis, params.removeDim) = (Int64(axis), true)
                layer.argMin = params
            } else {
                var params = CoreML_Specification_ArgMaxLayerParams()
                (params.axis, params.removeDim) = (Int64(axis), true)
                layer.argMax = params
            }
        }
    }

    /// The topK layer writes values then indices; the node's `output` picks the blob it returns.
    private static let topK: ShapedLowering = { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let (k, wantsIndices) = (try attributes.int("k"), try attributes.string("output") == "indices")
        let indices = lowering.builder.name(name + "_indices")
        lowering.builder.shapes[indices] = shapes.output
        let values = lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
            layer.output.append(indices)
            var params = CoreML_Specification_TopKLayerParams()
            params.axis = -1
            params.k = UInt64(k)
            params.useBottomK = false
            layer.topK = params
        }
        return wantsIndices ? indices : values
    }

    /// Each output slice is the previous one times the next input slice (exclusive: the input
    /// slice before it, starting from ones), joined along the axis.
    private static let cumulativeProduct: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let axis = try lowering.axis(try attributes.int("axis"), rank: shapes.input.count)
        let (exclusive, reverse) = (try attributes.bool("exclusive"), try attributes.bool("reverse"))
        let size = shapes.input[axis]
        var sliceShape = shapes.input
        sliceShape[axis] = 1
        let order = reverse ? Array((0..<size).reversed()) : Array(0..<size)
        var running: String?
        var pieces: [Int: String] = [:]
        for (step, position) in order.enumerated() {
            if exclusive && step == 0 {
                pieces[position] = lowering.builder.constant(
                    Array(repeating: 1, count: sliceShape.reduce(1, *)), shape: sliceShape, name: name + "_one")
                continue
            }
            let source = exclusive ? order[step - 1] : position
            let piece = lowering.sliceAlong(operands[0], axis: axis, at: source, name: "\(name)_s\(source)")
            let product = running.map {
                Elementwise.binary(.multiply, $0, piece, name: "\(name)_p\(position)", &lowering.builder)
            }
            running = product ?? piece
            pieces[position] = running
        }
        let ordered = (0..<size).compactMap { pieces[$0] }
        return lowering.builder.add(name, inputs: ordered, shape: shapes.output) { layer in
            var params = CoreML_Specification_ConcatNDLayerParams()
            params.axis = Int64(axis)
            layer.concatNd = params
        }
    }

    /// The slice `position..<position + 1` of `input` along `axis`, the axis kept.
    mutating func sliceAlong(_ input: String, axis: Int, at position: Int, name: String) -> String {
        var shape = builder.shapes[input] ?? []
        shape[axis] = 1
        let rank = shape.count
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_SliceStaticLayerParams()
            params.beginIds = (0..<rank).map { $0 == axis ? Int64(position) : 0 }
            params.endIds = (0..<rank).map { $0 == axis ? Int64(position + 1) : 0 }
            params.strides = Array(repeating: 1, count: rank)
            params.beginMasks = (0..<rank).map { $0 != axis }
            params.endMasks = (0..<rank).map { $0 != axis }
            params.squeezeMasks = Array(repeating: false, count: rank)
            layer.sliceStatic = params
        }
    }

    /// A cast to int32 or int64 as its float value, truncated toward zero (sign(x) * floor(|x|)),
    /// or to bool as 1 where x is non-zero: what integer positions for `one_hot` come from. Nil for
    /// other types (the narrow ones wrap around, which no layer does).
    mutating func integerCast(_ input: String, dtype: String, name: String) -> String? {
        let shape = builder.shapes[input] ?? []
        switch dtype {
        case "bool":
            return builder.add(name, inputs: [input], shape: shape) { $0.notEqual = .init() }
        case "int32", "int64":
            let magnitude = builder.add(name + "_abs", inputs: [input], shape: shape) { layer in
                var params = CoreML_Specification_UnaryFunctionLayerParams()
                (params.type, params.alpha, params.scale) = (.abs, 1, 1)
                layer.unary = params
            }
            let whole = builder.add(name + "_floor", inputs: [magnitude], shape: shape) { $0.floor = .init() }
            let sign = builder.add(name + "_sign", inputs: [input], shape: shape) { $0.sign = .init() }
            return Elementwise.binary(.multiply, sign, whole, name: name, &builder)
        default:
            return nil
        }
    }

    /// A shaped lowering of an op with an `axis` attribute, refused when that axis is 0, the batch
    /// axis: the model runs one sample at a time, so picking, ranking or accumulating across
    /// samples (K.gather, tf.argmax's or tf.cumsum's default axis) has no per-sample meaning.
    static func perSample(_ body: @escaping ShapedLowering) -> Lowering {
        let lowered = shaped(body)
        return { lowering, node, operands, name throws(CoreMLConversionError) in
            let rank = operands.first.flatMap { lowering.builder.shapes[$0] }?.count ?? 0
            if rank > 0, try lowering.axis(try lowering.attributes(node).int("axis"), rank: rank) == 0 {
                throw lowering.failure(
                    "\(node.op) along axis 0, the batch axis, is not convertible: a Core ML model runs one sample "
                        + "at a time, so it cannot select or combine samples of the batch")
            }
            return try lowered(&lowering, node, operands, name)
        }
    }

    /// An axis in `0..<rank` from a possibly negative one.
    func axis(_ axis: Int, rank: Int) throws(CoreMLConversionError) -> Int {
        guard axis >= -rank && axis < rank else { throw failure("axis \(axis) is out of range for rank \(rank)") }
        return axis < 0 ? axis + rank : axis
    }
}
