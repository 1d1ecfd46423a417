import CoreMLSpec

/// Layers on `[batch, steps, features]` sequences. The 1-D convolutions and poolings run as 2-D
/// ones on a `[batch, features, 1, steps]` view.
extension KerasLayerConverters {
    /// Conv1D with valid, same or causal padding (zeros before the sequence), strides, dilation and groups.
    static func convolution1D(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, let weights = context.weights.first,
            context.weightShapes.first?.count == 3
        else { throw failure(context, "expected an input and a 3-D kernel") }
        try requireChannelsLast(context)
        guard shape(builder, input).count == 3 else { throw failure(context, "expected a 3-D input") }
        let shape = context.weightShapes[0]
        let kernel = ConvolutionKernel.regular(
            weights, shape: [1] + shape, groups: max(1, context.int("groups") ?? 1))
        let (stride, dilation) = (context.single("strides", default: 1), context.single("dilation_rate", default: 1))
        let padding = context.string("padding") ?? "valid"
        guard ["valid", "same", "causal"].contains(padding) else {
            throw failure(context, "padding '\(padding)' is not supported")
        }
        var sequence = input
        if padding == "causal" {
            let before = (shape[0] - 1) * dilation
            sequence = NDLayers.pad(
                input, amounts: [(0, 0), (before, 0), (0, 0)], name: context.layer.name + "_causal", &builder)
        }
        let channelsFirst = try planes(sequence, context, &builder)
        try requireChannels(kernel, of: channelsFirst, context, builder)
        let window = ConvolutionWindow(strides: [1, stride], dilation: [1, dilation], same: padding == "same")
        let convolved = convolve(
            channelsFirst, kernel, window, bias: bias(context, index: 1), name: context.layer.name + "_conv", &builder)
        let activation = context.string("activation") ?? "linear"
        let output = sequenceOutput(
            convolved, name: activation == "linear" ? context.layer.name : context.layer.name + "_steps", &builder)
        return try Activations.apply(activation, to: output, context, &builder)
    }

    /// MaxPooling1D and AveragePooling1D, valid or same.
    static func pooling1D(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        try requireChannelsLast(context)
        guard shape(builder, input).count == 3 else { throw failure(context, "expected a 3-D input") }
        let size = context.single("pool_size", default: 2)
        let stride = context.config["strides"]?.isNull == false ? context.single("strides", default: size) : size
        let channelsFirst = try planes(input, context, &builder)
        let window = ConvolutionWindow(
            strides: [1, stride], dilation: [1, 1], same: context.string("padding") == "same")
        let pooled = pool(
            channelsFirst, max: context.layer.className.hasPrefix("Max"), size: [1, size], window: window,
            name: context.layer.name + "_pool", &builder)
        return sequenceOutput(pooled, name: context.layer.name, &builder)
    }

    /// `[batch, steps, features]` as `[batch, features, 1, steps]`.
    private static func planes(
        _ sequence: String, _ context: ConversionContext, _ builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) -> String {
        let image = NDLayers.expandDims(sequence, axes: [1], name: context.layer.name + "_rows", &builder)
        return builder.transpose(image, perm: toChannelsFirst, name: context.layer.name + "_nchw")
    }

    /// `[batch, features, 1, steps]` back to `[batch, steps, features]`.
    private static func sequenceOutput(_ planes: String, name: String, _ builder: inout NetworkBuilder) -> String {
        let image = builder.transpose(planes, perm: toChannelsLast, name: name + "_nhwc")
        return NDLayers.squeeze(image, axes: [1], name: name, &builder)
    }

    /// Embedding of integer ids (held as floats): `embeddingND` on the ids with a trailing 1.
    static func embedding(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
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
    func single(_ key: String, default value: Int) -> Int {
        config[key]?.int ?? config[key]?.array?.first?.int ?? value
    }
}
