import CoreMLSpec
import CoreOps

extension LambdaLowering {
    /// Reductions, joins, slices and reshapes: ND layers on the channels-last tensors.
    static let layoutLowerings: [(key: String, value: Lowering)] =
        ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"].map { op in
            (
                op,
                shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                    let attributes = lowering.attributes(node)
                    return lowering.reduction(
                        op, operands[0], axes: try attributes.intsOrNone("axes"), keep: try attributes.bool("keepdims"),
                        name: name, shape: shapes.output)
                }
            )
        } + [
            ("reduce_variance", shaped(variance)), ("l2_normalize", shaped(l2Normalize)),
            (
                "concat",
                shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                    let axis = try lowering.attributes(node).int("axis")
                    return lowering.builder.add(name, inputs: operands, shape: shapes.output) { layer in
                        var params = CoreML_Specification_ConcatNDLayerParams()
                        params.axis = Int64(axis)
                        layer.concatNd = params
                    }
                }
            ),
            (
                "transpose",
                shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                    // No permutation reverses the axes.
                    let perm =
                        try lowering.attributes(node).intsOrNone("perm") ?? Array(shapes.input.indices.reversed())
                    return lowering.builder.transpose(operands[0], perm: perm, name: name)
                }
            ),
            ("reshape", shaped(reshape)), ("expand_dims", shaped(reshape)), ("squeeze", shaped(reshape)),
            (
                "slice",
                shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                    try lowering.slice(operands[0], node, name: name, shapes: shapes)
                }
            ),
            (
                "tile",
                shaped { lowering, node, operands, name, shapes throws(CoreMLConversionError) in
                    let multiples = try lowering.attributes(node).ints("multiples")
                    return lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
                        var params = CoreML_Specification_TileLayerParams()
                        params.reps = multiples.map(UInt64.init)
                        layer.tile = params
                    }
                }
            ),
            ("random_normal", shaped(randomNormal)),
        ]

    private static let variance: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let (axes, keep) = (try attributes.intsOrNone("axes"), try attributes.bool("keepdims"))
        let input = operands[0]
        let meanShape = keptShape(shapes.input, axes: axes)
        let mean = lowering.reduction(
            "reduce_mean", input, axes: axes, keep: true, name: name + "_mean", shape: meanShape)
        let centered = Elementwise.binary(.subtract, input, mean, name: name + "_centered", &lowering.builder)
        let squared = Elementwise.binary(.multiply, centered, centered, name: name + "_squared", &lowering.builder)
        return lowering.reduction("reduce_mean", squared, axes: axes, keep: keep, name: name, shape: shapes.output)
    }

    private static let l2Normalize: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let (axes, epsilon) = (try attributes.ints("axis"), try attributes.float("epsilon"))
        let input = operands[0]
        let squared = Elementwise.binary(.multiply, input, input, name: name + "_squared", &lowering.builder)
        let sumShape = keptShape(shapes.input, axes: axes)
        let sum = lowering.reduction(
            "reduce_sum", squared, axes: axes, keep: true, name: name + "_sum", shape: sumShape)
        let floor = lowering.builder.constant([epsilon], shape: [1], name: name + "_epsilon")
        let bounded = Elementwise.binary(.maximum, sum, floor, name: name + "_bounded", &lowering.builder)
        let norm = lowering.builder.add(name + "_rsqrt", inputs: [bounded], shape: sumShape) { layer in
            var params = CoreML_Specification_UnaryFunctionLayerParams()
            params.type = .rsqrt
            params.alpha = 1
            params.scale = 1
            layer.unary = params
        }
        return Elementwise.binary(.multiply, input, norm, name: name, &lowering.builder)
    }

    /// `reshape`, `expand_dims` and `squeeze`: a static reshape to the output shape.
    private static let reshape: ShapedLowering = { lowering, _, operands, name, shapes throws(CoreMLConversionError) in
        lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
            var params = CoreML_Specification_ReshapeStaticLayerParams()
            params.targetShape = shapes.output.map(Int64.init)
            layer.reshapeStatic = params
        }
    }

    private static let randomNormal: ShapedLowering = {
        lowering, node, operands, name, shapes throws(CoreMLConversionError) in
        let attributes = lowering.attributes(node)
        let (mean, stddev, seed) = (
            try attributes.float("mean"), try attributes.float("stddev"), try attributes.int("seed")
        )
        return lowering.builder.add(name, inputs: [operands[0]], shape: shapes.output) { layer in
            var params = CoreML_Specification_RandomNormalLikeLayerParams()
            params.mean = Float(mean)
            params.stdDev = Float(stddev)
            params.seed = Int64(seed)
            layer.randomNormalLike = params
        }
    }

    /// The shape of a reduction with `keepdims`: the reduced axes (all when nil) become 1.
    static func keptShape(_ shape: [Int], axes: [Int]?) -> [Int] {
        var result = shape
        for axis in axes ?? Array(shape.indices) where shape.indices.contains(axis < 0 ? axis + shape.count : axis) {
            result[axis < 0 ? axis + shape.count : axis] = 1
        }
        return result
    }

    mutating func reduction(
        _ op: String, _ input: String, axes: [Int]?, keep: Bool, name: String, shape: [Int]
    ) -> String {
        builder.add(name, inputs: [input], shape: shape) { layer in
            let all = axes == nil
            let list = (axes ?? []).map(Int64.init)
            switch op {
            case "reduce_sum":
                var params = CoreML_Specification_ReduceSumLayerParams()
                (params.axes, params.keepDims, params.reduceAll) = (list, keep, all)
                layer.reduceSum = params
            case "reduce_max":
                var params = CoreML_Specification_ReduceMaxLayerParams()
                (params.axes, params.keepDims, params.reduceAll) = (list, keep, all)
                layer.reduceMax = params
            case "reduce_min":
                var params = CoreML_Specification_ReduceMinLayerParams()
                (params.axes, params.keepDims, params.reduceAll) = (list, keep, all)
                layer.reduceMin = params
            case "reduce_prod":
                var params = CoreML_Specification_ReduceProdLayerParams()
                (params.axes, params.keepDims, params.reduceAll) = (list, keep, all)
                layer.reduceProd = params
            default:
                var params = CoreML_Specification_ReduceMeanLayerParams()
                (params.axes, params.keepDims, params.reduceAll) = (list, keep, all)
                layer.reduceMean = params
            }
        }
    }

    /// TensorFlow's strided slice as `sliceStatic`: one entry per input axis (ellipsis expanded).
    private mutating func slice(
        _ input: String, _ node: CoreOpGraph.Node, name: String, shapes: Shapes
    ) throws(CoreMLConversionError) -> String {
        let attributes = self.attributes(node)
        let begin = try attributes.ints("begin")
        let end = try attributes.ints("end")
        // No strides means a stride of 1 on every axis.
        let strides = try attributes.intsOrNone("strides") ?? Array(repeating: 1, count: begin.count)
        var masks: [String: Int] = [:]
        for key in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
            masks[key] = try attributes.int(key)
        }
        let mask = { (key: String) in masks[key, default: 0] }
        guard mask("new_axis_mask") == 0 else { throw failure("slices with new axes have no Core ML lowering yet") }
        let (rank, outputShape) = (shapes.input.count, shapes.output)
        var spec: [(begin: Int, end: Int, stride: Int, beginMask: Bool, endMask: Bool, squeeze: Bool)] = []
        for index in begin.indices {
            let bit = 1 << index
            if mask("ellipsis_mask") & bit != 0 {
                let covered = begin.count - 1
                for _ in 0..<(rank - covered) { spec.append((0, 0, 1, true, true, false)) }
                continue
            }
            spec.append(
                (
                    begin[index], end[index], strides[index], mask("begin_mask") & bit != 0,
                    mask("end_mask") & bit != 0, mask("shrink_axis_mask") & bit != 0
                ))
        }
        while spec.count < rank { spec.append((0, 0, 1, true, true, false)) }
        return builder.add(name, inputs: [input], shape: outputShape.isEmpty ? [1] : outputShape) { layer in
            var params = CoreML_Specification_SliceStaticLayerParams()
            params.beginIds = spec.map { Int64($0.begin) }
            params.endIds = spec.map { Int64($0.end) }
            params.strides = spec.map { Int64($0.stride) }
            params.beginMasks = spec.map(\.beginMask)
            params.endMasks = spec.map(\.endMask)
            params.squeezeMasks = spec.map(\.squeeze)
            layer.sliceStatic = params
        }
    }
}
