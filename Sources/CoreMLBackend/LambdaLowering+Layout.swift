import CoreMLSpec
import CoreOps

extension LambdaLowering {
    /// Reductions, joins, slices and reshapes: ND layers on the channels-last tensors.
    mutating func lowerLayout(
        _ node: CoreOpGraph.Node, _ operands: [String], name: String, inputShape: [Int], outputShape: [Int]
    ) throws(CoreMLConversionError) -> String {
        let input = operands[0]
        let attributes = node.attributes
        switch node.op {
        case "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod":
            return reduction(
                node.op, input, axes: attributes["axes"]?.intsValue, keep: attributes["keepdims"]?.boolValue ?? false,
                name: name, shape: outputShape)
        case "reduce_variance":
            let keep = attributes["keepdims"]?.boolValue ?? false
            let axes = attributes["axes"]?.intsValue
            let meanShape = Self.keptShape(inputShape, axes: axes)
            let mean = reduction("reduce_mean", input, axes: axes, keep: true, name: name + "_mean", shape: meanShape)
            let centered = Elementwise.binary(.subtract, input, mean, name: name + "_centered", &builder)
            let squared = Elementwise.binary(.multiply, centered, centered, name: name + "_squared", &builder)
            return reduction("reduce_mean", squared, axes: axes, keep: keep, name: name, shape: outputShape)
        case "l2_normalize":
            let axes = attributes["axis"]?.intsValue ?? [-1]
            let epsilon = attributes["epsilon"]?.floatValue ?? 1e-12
            let squared = Elementwise.binary(.multiply, input, input, name: name + "_squared", &builder)
            let sumShape = Self.keptShape(inputShape, axes: axes)
            let sum = reduction("reduce_sum", squared, axes: axes, keep: true, name: name + "_sum", shape: sumShape)
            let floor = builder.constant([epsilon], shape: [1], name: name + "_epsilon")
            let bounded = Elementwise.binary(.maximum, sum, floor, name: name + "_bounded", &builder)
            let norm = builder.add(name + "_rsqrt", inputs: [bounded], shape: sumShape) { layer in
                var params = CoreML_Specification_UnaryFunctionLayerParams()
                params.type = .rsqrt
                params.alpha = 1
                params.scale = 1
                layer.unary = params
            }
            return Elementwise.binary(.multiply, input, norm, name: name, &builder)
        case "concat":
            return builder.add(name, inputs: operands, shape: outputShape) { layer in
                var params = CoreML_Specification_ConcatNDLayerParams()
                params.axis = Int64(attributes["axis"]?.intValue ?? -1)
                layer.concatNd = params
            }
        case "transpose":
            let perm = attributes["perm"]?.intsValue ?? Array((0..<inputShape.count).reversed())
            return builder.transpose(input, perm: perm, name: name)
        case "reshape", "expand_dims", "squeeze":
            return builder.add(name, inputs: [input], shape: outputShape) { layer in
                var params = CoreML_Specification_ReshapeStaticLayerParams()
                params.targetShape = outputShape.map(Int64.init)
                layer.reshapeStatic = params
            }
        case "slice":
            return try slice(input, attributes, name: name, inputShape: inputShape, outputShape: outputShape)
        case "tile":
            return builder.add(name, inputs: [input], shape: outputShape) { layer in
                var params = CoreML_Specification_TileLayerParams()
                params.reps = (attributes["multiples"]?.intsValue ?? []).map(UInt64.init)
                layer.tile = params
            }
        case "pad":
            return try pad(input, attributes, name: name, outputShape: outputShape)
        case "space_to_depth", "depth_to_space":
            return reorganize(
                input, toDepth: node.op == "space_to_depth", blockSize: attributes["block_size"]?.intValue ?? 2,
                name: name, outputShape: outputShape)
        case "random_normal":
            return builder.add(name, inputs: [input], shape: outputShape) { layer in
                var params = CoreML_Specification_RandomNormalLikeLayerParams()
                params.mean = Float(attributes["mean"]?.floatValue ?? 0)
                params.stdDev = Float(attributes["stddev"]?.floatValue ?? 1)
                params.seed = Int64(attributes["seed"]?.intValue ?? 0)
                layer.randomNormalLike = params
            }
        default:
            throw failure("core op '\(node.op)' has no Core ML lowering yet")
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

    private mutating func reduction(
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
        _ input: String, _ attributes: [String: AttributeValue], name: String, inputShape: [Int], outputShape: [Int]
    ) throws(CoreMLConversionError) -> String {
        let begin = attributes["begin"]?.intsValue ?? []
        let end = attributes["end"]?.intsValue ?? []
        let strides = attributes["strides"]?.intsValue ?? Array(repeating: 1, count: begin.count)
        let mask = { (key: String) in attributes[key]?.intValue ?? 0 }
        guard mask("new_axis_mask") == 0 else { throw failure("slices with new axes have no Core ML lowering yet") }
        let rank = inputShape.count
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
