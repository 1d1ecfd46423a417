import CoreMLSpec

extension KerasLayerConverters {
    /// NHWC to NCHW and back: Core ML's image layers work on [C, H, W].
    static let toChannelsFirst = [0, 3, 1, 2]
    static let toChannelsLast = [0, 2, 3, 1]

    /// Conv2D (grouped, dilated) and DepthwiseConv2D, between NHWC <-> NCHW transposes.
    static func convolution(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first, let weights = context.weights.first,
            context.weightShapes.first?.count == 4
        else { throw failure(context, "expected an input and a 4-D kernel") }
        try requireChannelsLast(context)
        let kernelShape = context.weightShapes[0]
        let kernel =
            context.layer.className == "DepthwiseConv2D"
            ? ConvolutionKernel.depthwise(weights, shape: kernelShape)
            : ConvolutionKernel.regular(weights, shape: kernelShape, groups: max(1, context.int("groups") ?? 1))
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        try requireChannels(kernel, of: channelsFirst, context, builder)
        let convolved = convolve(
            channelsFirst, kernel, try window(context), bias: bias(context, index: 1),
            name: context.layer.name + "_conv",
            &builder)
        return try channelsLastOutput(convolved, context, &builder)
    }

    /// SeparableConv2D: a depthwise convolution (strides, padding, dilation; no bias), then a 1x1
    /// convolution with the bias.
    static func separableConvolution(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, context.weights.count >= 2,
            context.weightShapes[0].count == 4, context.weightShapes[1].count == 4
        else { throw failure(context, "expected an input, a depthwise and a pointwise kernel") }
        try requireChannelsLast(context)
        let depthwise = ConvolutionKernel.depthwise(context.weights[0], shape: context.weightShapes[0])
        let pointwise = ConvolutionKernel.regular(context.weights[1], shape: context.weightShapes[1], groups: 1)
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        try requireChannels(depthwise, of: channelsFirst, context, builder)
        let spread = convolve(
            channelsFirst, depthwise, try window(context), bias: nil, name: context.layer.name + "_depthwise", &builder)
        let pointwiseWindow = ConvolutionWindow(strides: [1, 1], dilation: [1, 1], same: false)
        let mixed = convolve(
            spread, pointwise, pointwiseWindow, bias: bias(context, index: 2), name: context.layer.name + "_pointwise",
            &builder)
        return try channelsLastOutput(mixed, context, &builder)
    }

    static func requireChannelsLast(_ context: ConversionContext) throws(CoreMLConversionError) {
        guard (context.string("data_format") ?? "channels_last") == "channels_last" else {
            throw failure(context, "only channels_last is supported")
        }
    }

    /// Checks that the kernel reads as many channels as the NCHW blob has.
    static func requireChannels(
        _ kernel: ConvolutionKernel, of blob: String, _ context: ConversionContext, _ builder: NetworkBuilder
    ) throws(CoreMLConversionError) {
        let channels = shape(builder, blob).dropFirst().first ?? 0
        guard kernel.kernelChannels * kernel.groups == channels else {
            throw failure(
                context,
                "the kernel reads \(kernel.kernelChannels) channels in each of \(kernel.groups) groups, "
                    + "the input has \(channels)")
        }
    }

    /// The bias at `index` of the layer's weights, when the layer uses one.
    static func bias(_ context: ConversionContext, index: Int) -> [Float]? {
        context.weights.count > index && (context.bool("use_bias") ?? true) ? context.weights[index] : nil
    }

    /// Strides, dilation and padding of a 2-D Keras convolution.
    static func window(_ context: ConversionContext) throws(CoreMLConversionError) -> ConvolutionWindow {
        ConvolutionWindow(
            strides: try context.positivePair("strides", default: [1, 1]),
            dilation: try context.positivePair("dilation_rate", default: [1, 1]),
            same: context.string("padding") == "same")
    }

    /// A Core ML convolution of the NCHW blob `input`; returns the NCHW result.
    static func convolve(
        _ input: String, _ kernel: ConvolutionKernel, _ window: ConvolutionWindow, bias: [Float]?, name: String,
        _ builder: inout NetworkBuilder
    ) -> String {
        let inputShape = shape(builder, input)
        let size = inputShape.count == 4 ? [inputShape[2], inputShape[3]] : [1, 1]
        let outputShape = [
            inputShape.first ?? 1, kernel.outputChannels, window.outputSize(size[0], taps: kernel.height, axis: 0),
            window.outputSize(size[1], taps: kernel.width, axis: 1),
        ]
        return builder.add(name, inputs: [input], shape: outputShape) { layer in
            var params = CoreML_Specification_ConvolutionLayerParams()
            params.outputChannels = UInt64(kernel.outputChannels)
            params.kernelChannels = UInt64(kernel.kernelChannels)
            params.nGroups = UInt64(kernel.groups)
            params.kernelSize = [UInt64(kernel.height), UInt64(kernel.width)]
            params.stride = window.strides.map(UInt64.init)
            params.dilationFactor = window.dilation.map(UInt64.init)
            if window.same {
                params.same = CoreML_Specification_SamePadding()
            } else {
                params.valid = CoreML_Specification_ValidPadding()
            }
            params.weights = WeightParams.floats(kernel.weights)
            params.hasBias_p = bias != nil
            if let bias { params.bias = WeightParams.floats(bias) }
            layer.convolution = params
        }
    }

    /// The NCHW result of an image layer back to NHWC, then the layer's activation; the last
    /// layer carries the Keras layer's name.
    static func channelsLastOutput(
        _ channelsFirst: String, _ context: ConversionContext, _ builder: inout NetworkBuilder
    ) throws(CoreMLConversionError) -> String {
        let activation = context.string("activation") ?? "linear"
        let outputName = activation == "linear" ? context.layer.name : context.layer.name + "_nhwc"
        let output = builder.transpose(channelsFirst, perm: toChannelsLast, name: outputName)
        return try Activations.apply(activation, to: output, context, &builder)
    }

    static func pooling(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        guard shape(builder, input).count == 4 else { throw failure(context, "expected a 4-D input") }
        let size = try context.positivePair("pool_size", default: [2, 2])
        let strides = try context.positivePair("strides", default: size)
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        let window = ConvolutionWindow(strides: strides, dilation: [1, 1], same: context.string("padding") == "same")
        let pooled = pool(
            channelsFirst, max: context.layer.className.hasPrefix("Max"), size: size, window: window,
            name: context.layer.name + "_pool", &builder)
        return builder.transpose(pooled, perm: toChannelsLast, name: context.layer.name)
    }

    /// Max or average pooling (padding excluded from averages, as Keras does) of an NCHW blob.
    static func pool(
        _ input: String, max: Bool, size: [Int], window: ConvolutionWindow, name: String,
        _ builder: inout NetworkBuilder
    ) -> String {
        let inputShape = shape(builder, input)
        let extent = inputShape.count == 4 ? [inputShape[2], inputShape[3]] : [1, 1]
        let outputShape = [
            inputShape.first ?? 1, inputShape.count == 4 ? inputShape[1] : 1,
            window.outputSize(extent[0], taps: size[0], axis: 0), window.outputSize(extent[1], taps: size[1], axis: 1),
        ]
        return builder.add(name, inputs: [input], shape: outputShape) { layer in
            var params = CoreML_Specification_PoolingLayerParams()
            params.type = max ? .max : .average
            params.kernelSize = size.map(UInt64.init)
            params.stride = window.strides.map(UInt64.init)
            if window.same {
                params.same = CoreML_Specification_SamePadding()
            } else {
                params.valid = CoreML_Specification_ValidPadding()
            }
            params.avgPoolExcludePadding = true
            layer.pooling = params
        }
    }

    /// Global pooling reduces the spatial axes of a channels-last tensor.
    static func globalPooling(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let inputShape = shape(builder, input)
        let axes =
            context.string("data_format") == "channels_first"
            ? Array(2..<max(3, inputShape.count)) : Array(1..<max(2, inputShape.count - 1))
        let keep = context.bool("keepdims") ?? false
        var outputShape = inputShape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        if keep { outputShape = inputShape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } }
        let isMax = context.layer.className.contains("Max")
        return builder.add(context.layer.name, inputs: [input], shape: outputShape) { layer in
            if isMax {
                var params = CoreML_Specification_ReduceMaxLayerParams()
                params.axes = axes.map(Int64.init)
                params.keepDims = keep
                layer.reduceMax = params
            } else {
                var params = CoreML_Specification_ReduceMeanLayerParams()
                params.axes = axes.map(Int64.init)
                params.keepDims = keep
                layer.reduceMean = params
            }
        }
    }
}
