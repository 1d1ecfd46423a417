import JSON

extension KerasLayerConverters {
    /// A layer whose `data_format` is `channels_first` (Keras 1's `dim_ordering='th'`, upgraded)
    /// converted by its channels-last converter between two transposes: the channels moved last
    /// before it and, when its output keeps the input's rank, moved back to axis 1 after it. The
    /// network keeps the tensor in the layout Keras stores it in, so a `Flatten` or a Lambda
    /// downstream reads what it reads in Keras; the transposes that meet the NCHW ones of the
    /// image layers cancel and are not written.
    static func channelsFirst(
        _ context: ConversionContext, _ converter: LayerConverter, _ builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) -> String {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let rank = shape(builder, input).count
        guard rank >= 3 else {
            throw failure(context, "data_format 'channels_first' needs an input of rank 3 or more, not \(rank)")
        }
        let toLast = [0] + Array(2..<rank) + [1]
        let toFirst = [0, rank - 1] + Array(1..<(rank - 1))
        // The inner converter works under another name, so that the layer's own name is left for
        // its channels-first output; its errors still name the layer.
        // Keras applies a fused activation to the output in its own layout: it is applied after
        // the channels move back (a softmax's last axis is the width there).
        var layer = context.layer
        layer.name = context.layer.name + "_channels_last"
        layer.config["data_format"] = "channels_last"
        let activation = context.string("activation") ?? "linear"
        if layer.config["activation"] != nil { layer.config["activation"] = "linear" }
        var inputs = context.inputs
        inputs[0] = builder.transpose(input, perm: toLast, name: context.layer.name + "_nhwc")
        var inner = ConversionContext(
            layer: layer, inputs: inputs, weights: context.weights, weightShapes: context.weightShapes)
        inner.flavour = context.flavour
        let output: String
        do {
            output = try converter(inner, &builder)
        } catch {
            throw failure(context, error.message)
        }
        let restored =
            shape(builder, output).count == rank
            ? builder.transpose(
                output, perm: toFirst, name: activation == "linear" ? context.layer.name : context.layer.name + "_nchw")
            : output
        return try Activations.apply(activation, to: restored, context, &builder)
    }

    /// Converters that read `data_format` themselves (their channels-first form needs no transpose).
    static let readsDataFormat: Set<String> = [
        "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
        "ZeroPadding2D", "Cropping2D", "Conv1D", "DepthwiseConv1D", "SeparableConv1D", "MaxPooling1D",
        "AveragePooling1D",
    ]

    /// True when the layer's config says its channels are on axis 1 and its converter needs them
    /// moved last.
    static func needsChannelsLast(_ context: ConversionContext) -> Bool {
        context.string("data_format") == "channels_first" && !readsDataFormat.contains(context.layer.className)
    }
}
