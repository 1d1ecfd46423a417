import CoreMLSpec

/// Layers on `[batch, steps, features]` sequences. The 1-D convolutions and poolings run as 2-D
/// ones on a `[batch, features, 1, steps]` view (of a `[batch, features, steps]` sequence when the
/// layer is `channels_first`, with no transpose).
extension KerasLayerConverters {
    /// Conv1D, DepthwiseConv1D and SeparableConv1D (depthwise, then pointwise with the bias) with
    /// valid, same or causal padding (zeros before the sequence), strides, dilation and groups.
    static func convolution1D(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        guard shape(builder, input).count == 3 else { throw failure(context, "expected a 3-D input") }
        let kernels = try sequenceKernels(context)
        let (stride, dilation) = (
            try context.positiveSingle("strides", default: 1), try context.positiveSingle("dilation_rate", default: 1)
        )
        let padding = context.string("padding") ?? "valid"
        guard ["valid", "same", "causal"].contains(padding) else {
            throw failure(context, "padding '\(padding)' is not supported")
        }
        var sequence = input
        if padding == "causal" {
            let before = (kernels[0].width - 1) * dilation
            let amounts = isChannelsFirst(context) ? [(0, 0), (0, 0), (before, 0)] : [(0, 0), (before, 0), (0, 0)]
            sequence = NDLayers.pad(input, amounts: amounts, name: context.layer.name + "_causal", &builder)
        }
        var result = try planes(sequence, context, &builder)
        try requireChannels(kernels[0], of: result, context, builder)
        let windows = [
            ConvolutionWindow(strides: [1, stride], dilation: [1, dilation], same: padding == "same"),
            ConvolutionWindow(strides: [1, 1], dilation: [1, 1], same: false),
        ]
        for (index, kernel) in kernels.enumerated() {
            let last = index == kernels.count - 1
            result = convolve(
                result, kernel, windows[index], bias: last ? bias(context, index: kernels.count) : nil,
                name: context.layer.name + (last ? "_conv" : "_depthwise"), &builder)
        }
        let activation = context.string("activation") ?? "linear"
        let output = sequenceOutput(
            result, name: activation == "linear" ? context.layer.name : context.layer.name + "_steps", context,
            &builder)
        return try Activations.apply(activation, to: output, context, &builder)
    }

    /// The kernels of a 1-D convolution layer as `1 x k` image kernels, in the order they apply.
    private static func sequenceKernels(_ context: ConversionContext) throws(CoreMLConversionError)
        -> [ConvolutionKernel]
    {
        let count = context.layer.className == "SeparableConv1D" ? 2 : 1
        guard context.weights.count >= count, context.weightShapes.prefix(count).allSatisfy({ $0.count == 3 }) else {
            throw failure(context, "expected \(count == 2 ? "a depthwise and a pointwise" : "a 3-D") kernel")
        }
        let shapes = context.weightShapes.map { [1] + $0 }
        switch context.layer.className {
        case "DepthwiseConv1D": return [.depthwise(context.weights[0], shape: shapes[0])]
        case "SeparableConv1D":
            return [
                .depthwise(context.weights[0], shape: shapes[0]),
                .regular(context.weights[1], shape: shapes[1], groups: 1),
            ]
        default: return [.regular(context.weights[0], shape: shapes[0], groups: max(1, context.int("groups") ?? 1))]
        }
    }

    /// ZeroPadding1D: zeros before and after the steps.
    static func zeroPadding1D(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, shape(builder, input).count == 3 else {
            throw failure(context, "expected a 3-D input")
        }
        let (before, after) = sequenceAmounts(context, key: "padding", default: 1)
        return NDLayers.pad(input, amounts: [(0, 0), (before, after), (0, 0)], name: context.layer.name, &builder)
    }

    /// Cropping1D: steps dropped at the start and the end.
    static func cropping1D(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, shape(builder, input).count == 3 else {
            throw failure(context, "expected a 3-D input")
        }
        let inputShape = shape(builder, input)
        let (before, after) = sequenceAmounts(context, key: "cropping", default: 1)
        guard before + after < inputShape[1] else { throw failure(context, "crops every step") }
        return NDLayers.slice(
            input, begin: [0, before, 0], end: [inputShape[0], inputShape[1] - after, inputShape[2]],
            name: context.layer.name, &builder)
    }

    /// UpSampling1D: each step repeated `size` times.
    static func upsampling1D(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, shape(builder, input).count == 3 else {
            throw failure(context, "expected a 3-D input")
        }
        let inputShape = shape(builder, input)
        let size = try context.positiveSingle("size", default: 2)
        guard size >= 1 else { throw failure(context, "size must be positive") }
        let name = context.layer.name
        let columns = NDLayers.expandDims(input, axes: [2], name: name + "_copies", &builder)
        let repeated = NDLayers.tile(columns, reps: [1, 1, size, 1], name: name + "_tile", &builder)
        let outputShape = [inputShape[0], inputShape[1] * size, inputShape[2]]
        return builder.add(name, inputs: [repeated], shape: outputShape) { layer in
            var params = CoreML_Specification_ReshapeStaticLayerParams()
            params.targetShape = outputShape.map(Int64.init)
            layer.reshapeStatic = params
        }
    }

    /// `(before, after)` from an int or a pair.
    private static func sequenceAmounts(_ context: ConversionContext, key: String, default value: Int) -> (Int, Int) {
        if let single = context.int(key) { return (single, single) }
        let items = context.config[key]?.array?.compactMap(\.int) ?? []
        return items.count == 2 ? (items[0], items[1]) : (value, value)
    }

    /// MaxPooling1D and AveragePooling1D, valid or same.
    static func pooling1D(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        guard shape(builder, input).count == 3 else { throw failure(context, "expected a 3-D input") }
        let size = try context.positiveSingle("pool_size", default: 2)
        let stride = try context.positiveSingle("strides", default: size)
        let channelsFirst = try planes(input, context, &builder)
        let window = ConvolutionWindow(
            strides: [1, stride], dilation: [1, 1], same: context.string("padding") == "same")
        let pooled = pool(
            channelsFirst, max: context.layer.className.hasPrefix("Max"), size: [1, size], window: window,
            name: context.layer.name + "_pool", &builder)
        return sequenceOutput(pooled, name: context.layer.name, context, &builder)
    }

    /// True for a `channels_first` layer: its sequences are `[batch, features, steps]`.
    static func isChannelsFirst(_ context: ConversionContext) -> Bool {
        context.string("data_format") == "channels_first"
    }

    /// `[batch, steps, features]` (or channels-first `[batch, features, steps]`) as
    /// `[batch, features, 1, steps]`.
    private static func planes(
        _ sequence: String, _ context: ConversionContext, _ builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) -> String {
        if isChannelsFirst(context) {
            return NDLayers.expandDims(sequence, axes: [2], name: context.layer.name + "_rows", &builder)
        }
        let image = NDLayers.expandDims(sequence, axes: [1], name: context.layer.name + "_rows", &builder)
        return builder.transpose(image, perm: toChannelsFirst, name: context.layer.name + "_nchw")
    }

    /// `[batch, features, 1, steps]` back to the layer's sequence layout.
    private static func sequenceOutput(
        _ planes: String, name: String, _ context: ConversionContext, _ builder: inout NetworkBuilder
    ) -> String {
        if isChannelsFirst(context) { return NDLayers.squeeze(planes, axes: [2], name: name, &builder) }
        let image = builder.transpose(planes, perm: toChannelsLast, name: name + "_nhwc")
        return NDLayers.squeeze(image, axes: [1], name: name, &builder)
    }

    /// Embedding of integer ids (held as floats): `embeddingND` on the ids with a trailing 1.
    static func embedding(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        // Layers downstream (poolings, recurrent layers) would skip the masked steps; the network cannot.
        guard context.bool("mask_zero") != true else {
            throw failure(context, "mask_zero is not supported (Core ML has no masks)")
        }
        guard let input = context.inputs.first, let table = context.weights.first,
            context.weightShapes.first?.count == 2
        else { throw failure(context, "expected an input and a 2-D embedding matrix") }
        let (vocabulary, size) = (context.weightShapes[0][0], context.weightShapes[0][1])
        let ids = NDLayers.expandDims(
            input, axes: [shape(builder, input).count], name: context.layer.name + "_ids", &builder)
        // Keras stores [vocabulary, size]; Core ML reads [size, vocabulary].
        var weights = [Float](repeating: 0, count: table.count)
        for word in 0..<vocabulary {
            for feature in 0..<size { weights[feature * vocabulary + word] = table[word * size + feature] }
        }
        return builder.add(context.layer.name, inputs: [ids], shape: shape(builder, input) + [size]) { layer in
            var params = CoreML_Specification_EmbeddingNDLayerParams()
            params.vocabSize = UInt64(vocabulary)
            params.embeddingSize = UInt64(size)
            params.weights = WeightParams.floats(weights)
            layer.embeddingNd = params
        }
    }

    /// RepeatVector: `[batch, features]` to `[batch, n, features]`.
    static func repeatVector(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, let count = context.int("n"), count >= 1 else {
            throw failure(context, "expected an input and a positive n")
        }
        guard shape(builder, input).count == 2 else { throw failure(context, "expected a 2-D input") }
        let row = NDLayers.expandDims(input, axes: [1], name: context.layer.name + "_row", &builder)
        return NDLayers.tile(row, reps: [1, count, 1], name: context.layer.name, &builder)
    }
}

extension ConversionContext {
    /// A 1-D size such as a Conv1D's `strides` (stored as a one-element list, or an int).
    /// One positive int such as a 1-D `strides` (or a list of one); `value` when absent or null.
    /// Anything else is refused, as by `positivePair`.
    func positiveSingle(_ key: String, default value: Int) throws(CoreMLConversionError) -> Int {
        guard let stored = config[key], !stored.isNull else { return value }
        let items = stored.array.map { $0.compactMap(\.int) } ?? stored.int.map { [$0] }
        guard let items, items.count == 1, stored.array.map({ $0.count == 1 }) ?? true, items[0] > 0 else {
            throw KerasLayerConverters.failure(
                self, "'\(key)' must be one positive integer, not \(Self.text(of: stored))")
        }
        return items[0]
    }
}
