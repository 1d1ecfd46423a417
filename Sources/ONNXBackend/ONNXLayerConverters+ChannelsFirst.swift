import KerasModel

extension ONNXLayerConverters {
    /// A `data_format='channels_first'` layer: its input moved channels-last, the channels-last
    /// converter, and its output moved back. Around a convolution the converter's own transposes
    /// to ONNX's channels-first layout cancel with these (``ONNXGraphBuilder/transpose``), so a
    /// channels-first network keeps NCHW from layer to layer. A Flatten's output (rank 2) stays as
    /// it is: Keras flattens channels-first data in channels-last order.
    static func channelsFirst(
        _ context: ONNXLayerContext, _ converter: ONNXLayerConverter, _ builder: inout ONNXGraphBuilder
    ) throws(ONNXConversionError) -> String {
        let input = try context.input()
        guard let rank = builder.shapes[input]?.count else {
            throw context.failure("data_format 'channels_first' needs an input of known rank")
        }
        guard rank >= 3 else {
            throw context.failure("data_format 'channels_first' needs an input of rank 3 or more, not \(rank)")
        }
        let toLast = [0] + Array(2..<rank) + [1]
        let toFirst = [0, rank - 1] + Array(1..<(rank - 1))
        // The inner converter works under another name, leaving the layer's own for the output in
        // its layout; a fused activation applies there (a softmax's last axis is the width).
        var layer = context.layer
        layer.name = context.layer.name + "_channels_last"
        layer.config["data_format"] = "channels_last"
        let activation = context.string("activation") ?? "linear"
        if layer.config["activation"] != nil { layer.config["activation"] = "linear" }
        var inputs = context.inputs
        inputs[0] = builder.transpose(input, perm: toLast, name: context.name + "_nhwc")
        let inner = ONNXLayerContext(
            layer: layer, inputs: inputs, weights: context.weights, weightShapes: context.weightShapes,
            flavour: context.flavour)
        let output: String
        do {
            output = try converter(inner, &builder)
        } catch {
            throw context.failure(error.message)
        }
        guard let outputRank = builder.shapes[output]?.count else {
            throw context.failure("data_format 'channels_first': the output's rank is unknown")
        }
        guard outputRank == rank else { return try self.activation(context, output, &builder) }
        let restored = builder.transpose(
            output, perm: toFirst, name: activation == "linear" ? context.name : context.name + "_nchw")
        return try self.activation(context, restored, &builder)
    }

    /// True when the layer's config puts its channels on axis 1: every ONNX converter reads
    /// channels-last data.
    static func needsChannelsLast(_ context: ONNXLayerContext) -> Bool {
        context.string("data_format") == "channels_first"
    }
}
