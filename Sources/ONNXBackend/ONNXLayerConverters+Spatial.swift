import CoreOps
import KerasModel
import ONNXSpec

extension ONNXLayerConverters {
    /// The number of spatial axes of a layer class (1 for the `1D` layers, else 2).
    static func spatialRank(_ context: ONNXLayerContext) -> Int { context.layer.className.hasSuffix("1D") ? 1 : 2 }

    /// Channels-last to channels-first and back, for `rank` spatial axes.
    static func toChannelsFirst(_ rank: Int) -> [Int] { [0, rank + 1] + Array(1...rank) }
    static func toChannelsLast(_ rank: Int) -> [Int] { [0] + Array(2...(rank + 1)) + [1] }

    /// Conv1D/2D, DepthwiseConv1D/2D and SeparableConv1D/2D as `Conv` nodes between transposes.
    static func convolution(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard (context.string("data_format") ?? "channels_last") == "channels_last" else {
            throw context.failure("data_format channels_first is not supported")
        }
        let rank = spatialRank(context)
        let className = context.layer.className
        let kind =
            className.hasPrefix("Depthwise") ? "depthwise" : className.hasPrefix("Separable") ? "separable" : "plain"
        let kernelCount = kind == "separable" ? 2 : 1
        guard context.weights.count >= kernelCount,
            context.weightShapes.prefix(kernelCount).allSatisfy({ $0.count == rank + 2 })
        else { throw context.failure("expected \(kernelCount) kernel(s) of rank \(rank + 2)") }
        let strides = try context.positive("strides", count: rank, default: Array(repeating: 1, count: rank))
        let dilations = try context.positive("dilation_rate", count: rank, default: Array(repeating: 1, count: rank))
        let padding = context.string("padding") ?? "valid"
        let kernelSize = Array(context.weightShapes[0].prefix(rank))
        let pads = try paddingAttributes(
            context, padding, kernel: kernelSize, dilations: dilations, strides: strides,
            sizes: builder.shapes[input].map { Array($0.dropFirst().dropLast()) })
        let name = context.name
        var tensor = builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
        let shape = context.weightShapes[0]
        let (kernel, group) = firstKernel(context, kind: kind, rank: rank, &builder)
        let attributes =
            [ONNXAttribute.ints("strides", strides), ONNXAttribute.ints("dilations", dilations)] + pads
            + [ONNXAttribute.int("group", group)]
        let hasBias = context.weights.count > kernelCount
        let bias =
            hasBias
            ? [
                builder.floats(
                    context.weights[kernelCount], shape: [context.weights[kernelCount].count], name: name + "_bias")
            ] : []
        tensor = builder.node(
            "Conv", [tensor, kernel] + (kind == "separable" ? [] : bias), name: name + "_conv", shape: nil, attributes)
        if kind == "separable" {
            let pointShape = context.weightShapes[1]
            let perm = [rank + 1, rank] + Array(0..<rank)
            let pointwise = builder.floats(
                WeightLayout.permuted(context.weights[1], shape: pointShape, perm: perm),
                shape: perm.map { pointShape[$0] },
                name: name + "_pointwise")
            tensor = builder.node("Conv", [tensor, pointwise] + bias, name: name + "_pointwise_conv", shape: nil)
        }
        let outputChannels = kind == "separable" ? context.weightShapes[1][rank + 1] : perm0Channels(kind, shape, rank)
        builder.shapes[tensor] = windowShape(
            builder.shapes[input], kernel: kernelSize, strides: strides, dilations: dilations, padding: padding,
            channels: outputChannels
        ).map { Array($0.prefix(1)) + [$0[$0.count - 1]] + $0[1..<($0.count - 1)] }
        let linear = (context.string("activation") ?? "linear") == "linear"
        tensor = builder.transpose(tensor, perm: toChannelsLast(rank), name: linear ? name : name + "_nhwc")
        return try activation(context, tensor, &builder)
    }

    /// The first kernel as a `Conv` weight and its group count: a plain kernel `[k..., in / groups,
    /// out]` as `[out, in / groups, k...]`; a depthwise one `[k..., in, multiplier]` as `[in *
    /// multiplier, 1, k...]`, one group per input channel.
    private static func firstKernel(
        _ context: ONNXLayerContext, kind: String, rank: Int, _ builder: inout ONNXGraphBuilder
    ) -> (String, Int) {
        let shape = context.weightShapes[0]
        if kind == "plain" {
            let perm = [rank + 1, rank] + Array(0..<rank)
            let kernel = builder.floats(
                WeightLayout.permuted(context.weights[0], shape: shape, perm: perm), shape: perm.map { shape[$0] },
                name: context.name + "_kernel")
            return (kernel, context.int("groups") ?? 1)
        }
        let perm = [rank, rank + 1] + Array(0..<rank)
        let kernel = builder.floats(
            WeightLayout.permuted(context.weights[0], shape: shape, perm: perm),
            shape: [shape[rank] * shape[rank + 1], 1] + Array(shape.prefix(rank)), name: context.name + "_depthwise")
        return (kernel, shape[rank])
    }

    /// The output channels of a plain or depthwise kernel.
    static func perm0Channels(_ kind: String, _ shape: [Int], _ rank: Int) -> Int {
        kind == "plain" ? shape[rank + 1] : shape[rank] * shape[rank + 1]
    }

    /// The channels-last output shape of a sliding window over `input` (batch as 1), when known.
    static func windowShape(
        _ input: [Int]?, kernel: [Int], strides: [Int], dilations: [Int], padding: String, channels: Int
    ) -> [Int]? {
        guard let input, input.count == kernel.count + 2 else { return nil }
        var shape = [input[0]]
        for axis in kernel.indices {
            let size = input[axis + 1]
            let span = (kernel[axis] - 1) * dilations[axis] + 1
            let out =
                padding == "valid" ? (size - span) / strides[axis] + 1 : (size + strides[axis] - 1) / strides[axis]
            shape.append(max(out, 0))
        }
        return shape + [channels]
    }

    /// Explicit pads: for "same", TensorFlow's (an odd total puts the extra row at the end; the
    /// input's spatial `sizes` known, else `auto_pad` SAME_UPPER, which onnxruntime refuses with
    /// dilation), none for "valid", all before for Conv1D's "causal".
    static func paddingAttributes(
        _ context: ONNXLayerContext, _ padding: String, kernel: [Int], dilations: [Int], strides: [Int], sizes: [Int]?
    ) throws(ONNXConversionError) -> [Onnx_AttributeProto] {
        switch padding {
        case "same":
            guard let sizes, sizes.count == kernel.count else {
                return [ONNXAttribute.string("auto_pad", "SAME_UPPER")]
            }
            var (begins, ends) = ([Int](), [Int]())
            for axis in kernel.indices {
                let extent = (kernel[axis] - 1) * dilations[axis] + 1
                let out = (sizes[axis] + strides[axis] - 1) / strides[axis]
                let total = max((out - 1) * strides[axis] + extent - sizes[axis], 0)
                begins.append(total / 2)
                ends.append(total - total / 2)
            }
            return [ONNXAttribute.ints("pads", begins + ends)]
        case "valid": return [ONNXAttribute.ints("pads", Array(repeating: 0, count: kernel.count * 2))]
        case "causal" where kernel.count == 1:
            return [ONNXAttribute.ints("pads", [(kernel[0] - 1) * dilations[0], 0])]
        default: throw context.failure("padding '\(padding)' is not supported")
        }
    }

    static func pooling(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let rank = spatialRank(context)
        let size = try context.positive("pool_size", count: rank, default: Array(repeating: 2, count: rank))
        let strides = try context.positive("strides", count: rank, default: size)
        let pads = try paddingAttributes(
            context, context.string("padding") ?? "valid", kernel: size, dilations: Array(repeating: 1, count: rank),
            strides: strides, sizes: builder.shapes[input].map { Array($0.dropFirst().dropLast()) })
        let op = context.layer.className.hasPrefix("Max") ? "MaxPool" : "AveragePool"
        let name = context.name
        let first = builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
        let channels = builder.shapes[input]?.last ?? 1
        let pooledShape = windowShape(
            builder.shapes[input], kernel: size, strides: strides, dilations: Array(repeating: 1, count: rank),
            padding: context.string("padding") ?? "valid", channels: channels
        ).map { Array($0.prefix(1)) + [$0[$0.count - 1]] + $0[1..<($0.count - 1)] }
        let pooled = builder.node(
            op, [first], name: name + "_pool", shape: pooledShape,
            [ONNXAttribute.ints("kernel_shape", size), ONNXAttribute.ints("strides", strides)] + pads)
        return builder.transpose(pooled, perm: toChannelsLast(rank), name: name)
    }

    static func globalPooling(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let rank = spatialRank(context)
        let op = context.layer.className.hasPrefix("GlobalMax") ? "ReduceMax" : "ReduceMean"
        return builder.reduce(
            op, input, axes: Array(1...rank), keepDims: context.bool("keepdims") ?? false, name: context.name)
    }

    static func zeroPadding(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let rank = spatialRank(context)
        let pairs = try context.pairs("padding", count: rank)
        let pads = [0] + pairs.map(\.0) + [0] + [0] + pairs.map(\.1) + [0]
        let shape = builder.shapes[input].map { known in
            known.indices.map { known[$0] + pads[$0] + pads[$0 + known.count] }
        }
        return builder.node(
            "Pad", [input, builder.ints(pads, name: context.name + "_pads")], name: context.name, shape: shape)
    }

    static func cropping(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let rank = spatialRank(context)
        let pairs = try context.pairs("cropping", count: rank)
        return builder.slice(
            input, starts: pairs.map(\.0), ends: pairs.map { $0.1 > 0 ? -$0.1 : Int(Int32.max) },
            axes: Array(1...rank), name: context.name,
            shape: builder.shapes[input].map { known in
                known.indices.map { $0 >= 1 && $0 <= rank ? known[$0] - pairs[$0 - 1].0 - pairs[$0 - 1].1 : known[$0] }
            })
    }

    /// Keras's `Resizing`: `tf.image.resize` at half-pixel centers (``ResizingConfig`` says what
    /// it refuses).
    static func resizing(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard let config = ResizingConfig(context.config) else {
            throw context.failure("expected a positive height and width")
        }
        guard let shape = builder.shapes[input], shape.count == 4 else {
            throw context.failure("expected a 4-D image input of known size")
        }
        if let problem = config.problem(inputHeight: shape[1], inputWidth: shape[2]) {
            throw context.failure(problem)
        }
        let resize = ImageResize(
            height: config.height, width: config.width,
            method: config.interpolation == "nearest" ? .nearest : .bilinear,
            alignCorners: false, halfPixelCenters: true)
        return builder.resizeImage(input, resize, name: context.name)
    }

    /// UpSampling: nearest repeats each value (asymmetric coordinates, floor); bilinear is
    /// TensorFlow's half-pixel resize.
    static func upsampling(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let rank = spatialRank(context)
        let size = try context.positive(
            rank == 1 ? "size" : "size", count: rank, default: Array(repeating: 2, count: rank))
        let interpolation = context.string("interpolation") ?? "nearest"
        guard interpolation == "nearest" || interpolation == "bilinear" else {
            throw context.failure("interpolation '\(interpolation)' is not supported")
        }
        let name = context.name
        let first = builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
        let scales = builder.floats([1, 1] + size.map(Float.init), shape: [rank + 2], name: name + "_scales")
        let attributes =
            interpolation == "nearest"
            ? [
                ONNXAttribute.string("mode", "nearest"),
                ONNXAttribute.string("coordinate_transformation_mode", "asymmetric"),
                ONNXAttribute.string("nearest_mode", "floor"),
            ]
            : [
                ONNXAttribute.string("mode", "linear"),
                ONNXAttribute.string("coordinate_transformation_mode", "half_pixel"),
            ]
        let resizedShape = builder.shapes[first].map { known in
            known.indices.map { $0 >= 2 ? known[$0] * size[$0 - 2] : known[$0] }
        }
        let resized = builder.node(
            "Resize", [first, "", scales], name: name + "_resize", shape: resizedShape, attributes)
        return builder.transpose(resized, perm: toChannelsLast(rank), name: name)
    }
}
