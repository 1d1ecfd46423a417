import CoreOps
import KerasModel

extension MILLayerConverters {
    /// The number of spatial axes of a layer class (1 for the `1D` layers, else 2).
    static func spatialRank(_ context: MILLayerContext) -> Int { context.layer.className.hasSuffix("1D") ? 1 : 2 }

    /// Channels-last to channels-first and back, for `rank` spatial axes.
    static func toChannelsFirst(_ rank: Int) -> [Int] { [0, rank + 1] + Array(1...rank) }
    static func toChannelsLast(_ rank: Int) -> [Int] { [0] + Array(2...(rank + 1)) + [1] }

    /// Whether the layer's data is channels-first (`data_format`), so MIL's layout already.
    static func channelsFirst(_ context: MILLayerContext) throws(MLProgramConversionError) -> Bool {
        let format = context.string("data_format") ?? "channels_last"
        guard format == "channels_last" || format == "channels_first" else {
            throw context.failure("data_format '\(format)' is not supported")
        }
        return format == "channels_first"
    }

    /// A channels-first shape seen channels-last (what ``Window`` reads), or the shape itself.
    static func channelsLastView(_ shape: [Int], _ channelsFirst: Bool) -> [Int] {
        channelsFirst && shape.count > 2 ? [shape[0]] + shape.dropFirst(2) + [shape[1]] : shape
    }

    /// The sliding window of a convolution or pooling layer over a channels-last input.
    struct Window {
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        /// (before, after) per spatial axis, as TensorFlow pads.
        var pads: [(Int, Int)]
        var outputSizes: [Int]

        init(
            _ context: MILLayerContext, input: [Int], kernel: [Int], strides: [Int], dilations: [Int]
        ) throws(MLProgramConversionError) {
            (self.kernel, self.strides, self.dilations) = (kernel, strides, dilations)
            let padding = context.string("padding") ?? "valid"
            let sizes = Array(input.dropFirst().dropLast())
            guard sizes.count == kernel.count else {
                throw context.failure("expected a rank \(kernel.count + 2) input")
            }
            (pads, outputSizes) = ([], [])
            for axis in kernel.indices {
                let extent = (kernel[axis] - 1) * dilations[axis] + 1
                switch padding {
                case "valid":
                    pads.append((0, 0))
                    outputSizes.append(max((sizes[axis] - extent) / strides[axis] + 1, 0))
                case "same":
                    let out = (sizes[axis] + strides[axis] - 1) / strides[axis]
                    let total = max((out - 1) * strides[axis] + extent - sizes[axis], 0)
                    pads.append((total / 2, total - total / 2))
                    outputSizes.append(out)
                case "causal" where kernel.count == 1:
                    pads.append((extent - 1, 0))
                    outputSizes.append((sizes[axis] - 1) / strides[axis] + 1)
                default: throw context.failure("padding '\(padding)' is not supported")
                }
            }
        }

        /// The operation's window parameters, channels-first.
        func arguments(_ builder: inout MILProgramBuilder, kernelKey: String?) -> [String: String] {
            var arguments = [
                "strides": builder.ints(strides), "pad_type": builder.string("custom"),
                "pad": builder.ints(pads.flatMap { [$0.0, $0.1] }),
            ]
            if let kernelKey {
                arguments[kernelKey] = builder.ints(kernel)
            } else {
                arguments["dilations"] = builder.ints(dilations)
            }
            return arguments
        }
    }

    /// Conv1D/2D, DepthwiseConv1D/2D and SeparableConv1D/2D as `conv` operations between transposes.
    static func convolution(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let first = try channelsFirst(context)
        let rank = spatialRank(context)
        let className = context.layer.className
        let separable = className.hasPrefix("Separable")
        let depthwise = className.hasPrefix("Depthwise") || separable
        let kernelCount = separable ? 2 : 1
        guard context.weights.count >= kernelCount,
            context.weightShapes.prefix(kernelCount).allSatisfy({ $0.count == rank + 2 }),
            let inputShape = builder.shapes[input].map({ channelsLastView($0, first) })
        else { throw context.failure("expected \(kernelCount) kernel(s) of rank \(rank + 2) and a known input") }
        let one = Array(repeating: 1, count: rank)
        let shape = context.weightShapes[0]
        let window = try Window(
            context, input: inputShape, kernel: Array(shape.prefix(rank)),
            strides: try context.positive("strides", count: rank, default: one),
            dilations: try context.positive("dilation_rate", count: rank, default: one))
        let name = context.name
        var value = first ? input : builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
        // Plain kernels [k..., in / groups, out] become [out, in / groups, k...]; depthwise ones
        // [k..., in, multiplier] become [in * multiplier, 1, k...], one group per input channel.
        let perm = depthwise ? [rank, rank + 1] + Array(0..<rank) : [rank + 1, rank] + Array(0..<rank)
        let weightShape =
            depthwise ? [shape[rank] * shape[rank + 1], 1] + Array(shape.prefix(rank)) : perm.map { shape[$0] }
        var arguments = window.arguments(&builder, kernelKey: nil)
        arguments["x"] = value
        arguments["weight"] = try builder.floats(
            WeightLayout.permuted(context.weights[0], shape: shape, perm: perm), shape: weightShape,
            name: name + "_weight", key: context.weightKeys[0] + ":conv")
        arguments["groups"] = builder.ints([depthwise ? shape[rank] : context.int("groups") ?? 1], scalar: true)
        let hasBias = context.weights.count > kernelCount
        if hasBias && !separable {
            arguments["bias"] = try builder.floats(
                context.weights[1], shape: [weightShape[0]], name: name + "_bias", key: context.weightKeys[1])
        }
        value = builder.op(
            "conv", arguments, name: name + "_conv", shape: [1, weightShape[0]] + window.outputSizes)
        if separable {
            let pointShape = context.weightShapes[1]
            let pointPerm = [rank + 1, rank] + Array(0..<rank)
            var pointwise = [
                "x": value, "strides": builder.ints(one), "pad_type": builder.string("valid"),
                "dilations": builder.ints(one), "groups": builder.ints([1], scalar: true),
            ]
            pointwise["weight"] = try builder.floats(
                WeightLayout.permuted(context.weights[1], shape: pointShape, perm: pointPerm),
                shape: pointPerm.map { pointShape[$0] }, name: name + "_pointwise", key: context.weightKeys[1] + ":conv"
            )
            if hasBias {
                pointwise["bias"] = try builder.floats(
                    context.weights[2], shape: [pointShape[rank + 1]], name: name + "_bias",
                    key: context.weightKeys[2])
            }
            value = builder.op(
                "conv", pointwise, name: name + "_pointwise_conv",
                shape: [1, pointShape[rank + 1]] + window.outputSizes)
        }
        let linear = (context.string("activation") ?? "linear") == "linear"
        if !first { value = builder.transpose(value, perm: toChannelsLast(rank), name: linear ? name : name + "_nhwc") }
        return try activation(context, value, &builder)
    }

    static func pooling(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let first = try channelsFirst(context)
        guard let inputShape = builder.shapes[input].map({ channelsLastView($0, first) }) else {
            throw context.failure("the input's shape is unknown")
        }
        let rank = spatialRank(context)
        let size = try context.positive("pool_size", count: rank, default: Array(repeating: 2, count: rank))
        let window = try Window(
            context, input: inputShape, kernel: size,
            strides: try context.positive("strides", count: rank, default: size),
            dilations: Array(repeating: 1, count: rank))
        let name = context.name
        var arguments = window.arguments(&builder, kernelKey: "kernel_sizes")
        arguments["x"] = first ? input : builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
        arguments["ceil_mode"] = builder.bools([false], scalar: true)
        let type = context.layer.className.hasPrefix("Max") ? "max_pool" : "avg_pool"
        // TensorFlow averages over the window's positions inside the input only.
        if type == "avg_pool" { arguments["exclude_padding_from_average"] = builder.bools([true], scalar: true) }
        let pooled = builder.op(
            type, arguments, name: first ? name : name + "_pool",
            shape: [1, inputShape[inputShape.count - 1]] + window.outputSizes)
        return first ? pooled : builder.transpose(pooled, perm: toChannelsLast(rank), name: name)
    }

    static func globalPooling(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let shape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let rank = spatialRank(context)
        let keep = context.bool("keepdims") ?? false
        let type = context.layer.className.hasPrefix("GlobalMax") ? "reduce_max" : "reduce_mean"
        let axes = try channelsFirst(context) ? Array(2...(rank + 1)) : Array(1...rank)
        let reduced = shape.indices.compactMap { axes.contains($0) ? (keep ? 1 : nil) : shape[$0] }
        return builder.op(
            type, ["x": input, "axes": builder.ints(axes), "keep_dims": builder.bools([keep], scalar: true)],
            name: context.name, shape: reduced)
    }

    static func zeroPadding(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let shape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let rank = spatialRank(context)
        // MIL pads the last axes: the spatial ones (and the channels after them, channels-last).
        let pairs = try context.pairs("padding", count: rank) + (try channelsFirst(context) ? [] : [(0, 0)])
        let padded =
            Array(shape.prefix(shape.count - pairs.count))
            + zip(shape.suffix(pairs.count), pairs).map { $0 + $1.0 + $1.1 }
        return builder.op(
            "pad",
            [
                "x": input, "pad": builder.ints(pairs.flatMap { [$0.0, $0.1] }), "mode": builder.string("constant"),
                "constant_val": builder.scalar(0),
            ], name: context.name, shape: padded)
    }

    static func cropping(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let shape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let rank = spatialRank(context)
        let spatialPairs = try context.pairs("cropping", count: rank)
        let pairs = try channelsFirst(context) ? [(0, 0), (0, 0)] + spatialPairs : [(0, 0)] + spatialPairs + [(0, 0)]
        let begin = pairs.map(\.0)
        let end = zip(shape, pairs).map { $0 - $1.1 }
        return builder.op(
            "slice_by_index",
            [
                "x": input, "begin": builder.ints(begin), "end": builder.ints(end),
                "stride": builder.ints(shape.map { _ in 1 }),
            ],
            name: context.name, shape: zip(begin, end).map { $1 - $0 })
    }

    /// Nearest UpSampling. In two dimensions MIL's `upsample_nearest_neighbor` on channels-first
    /// data (between transposes, which cancel against a convolution's): it holds any image size.
    /// In one or three, reshape, tile and reshape (each value repeated along its axes), whose
    /// reshapes fix the sizes. Bilinear is refused.
    static func upsampling(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let shape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let rank = spatialRank(context)
        let size = try context.positive("size", count: rank, default: Array(repeating: 2, count: rank))
        let interpolation = context.string("interpolation") ?? "nearest"
        guard interpolation == "nearest" else {
            throw context.failure("interpolation '\(interpolation)' is not supported")
        }
        guard shape.count == rank + 2 else { throw context.failure("expected a rank \(rank + 2) input") }
        let first = try channelsFirst(context)
        if rank == 2 {
            let name = context.name
            let planar = first ? input : builder.transpose(input, perm: toChannelsFirst(rank), name: name + "_nchw")
            let planarShape = builder.shapes[planar] ?? shape
            let grown = [planarShape[0], planarShape[1], planarShape[2] * size[0], planarShape[3] * size[1]]
            let upsampled = builder.op(
                "upsample_nearest_neighbor",
                [
                    "x": planar, "scale_factor_height": builder.ints([size[0]], scalar: true),
                    "scale_factor_width": builder.ints([size[1]], scalar: true),
                ], name: first ? name : name + "_upsampled", shape: grown)
            return first ? upsampled : builder.transpose(upsampled, perm: [0, 2, 3, 1], name: name)
        }
        // Each spatial axis s becomes (s, 1), tiled to (s, factor), then merged.
        let spatial = first ? Array(2...(rank + 1)) : Array(1...rank)
        let channels = first ? 1 : rank + 1
        let spreadAxes = spatial.flatMap { [shape[$0], 1] }
        let spread = first ? [1, shape[channels]] + spreadAxes : [1] + spreadAxes + [shape[channels]]
        let factors = size.flatMap { [1, $0] }
        let reps = first ? [1, 1] + factors : [1] + factors + [1]
        let name = context.name
        let expanded = builder.reshape(input, to: spread, name: name + "_spread")
        let tiled = builder.op(
            "tile", ["x": expanded, "reps": builder.ints(reps)], name: name + "_tile", shape: zip(spread, reps).map(*))
        let grown = zip(spatial, size).map { shape[$0] * $1 }
        let output = first ? [1, shape[channels]] + grown : [1] + grown + [shape[channels]]
        return builder.reshape(tiled, to: output, name: name)
    }

    /// Keras's `Resizing` (``ResizingConfig`` says what it refuses): like the `resize` core op,
    /// ``MILProgramBuilder/resizeImage(_:rows:columns:inputShape:height:width:name:)``.
    static func resizing(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let shape = builder.shapes[input], shape.count == 4 else {
            throw context.failure("expected a 4-D image input of known size")
        }
        guard let config = ResizingConfig(context.config) else {
            throw context.failure("expected a positive height and width")
        }
        if let problem = config.problem(inputHeight: shape[1], inputWidth: shape[2]) { throw context.failure(problem) }
        let resize = ImageResize(
            height: config.height, width: config.width,
            method: config.interpolation == "nearest" ? .nearest : .bilinear,
            alignCorners: false, halfPixelCenters: true)
        let (height, width) = (shape[1], shape[2])
        // axisWeights is [input, output]: the rows' matrix is its transpose, the columns' itself.
        let rows = WeightLayout.permuted(
            resize.axisWeights(count: resize.height, from: height).map(Float.init), shape: [height, resize.height],
            perm: [1, 0])
        return try builder.resizeImage(
            input, rows: rows, columns: resize.axisWeights(count: resize.width, from: width).map(Float.init),
            inputShape: shape, height: resize.height, width: resize.width, name: context.name)
    }
}
