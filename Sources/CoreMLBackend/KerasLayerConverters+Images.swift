import CoreMLSpec

extension KerasLayerConverters {
    /// NHWC to NCHW and back: Core ML's image layers work on [C, H, W].
    static let toChannelsFirst = [0, 3, 1, 2]
    static let toChannelsLast = [0, 2, 3, 1]

    static func convolution(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first, let kernel = context.weights.first,
            context.weightShapes.first?.count == 4
        else { throw failure(context, "expected an input and a 4-D kernel") }
        guard (context.string("data_format") ?? "channels_last") == "channels_last" else {
            throw failure(context, "only channels_last is supported")
        }
        let depthwise = context.layer.className == "DepthwiseConv2D"
        let kernelShape = context.weightShapes[0]
        let (kh, kw, inChannels, fourth) = (kernelShape[0], kernelShape[1], kernelShape[2], kernelShape[3])
        let outChannels = depthwise ? inChannels * fourth : fourth
        let groups = depthwise ? inChannels : max(1, context.int("groups") ?? 1)
        // A grouped kernel's third axis already holds in / groups channels.
        let kernelChannels = depthwise ? 1 : inChannels
        // Keras [kH, kW, in / groups, out] (depthwise: [kH, kW, in, multiplier]) to Core ML
        // [out, in / groups, kH, kW]: both are the axes of [kH * kW, in / groups, out] reversed
        // (depthwise: of [kH * kW, in * multiplier], each output channel being one input channel's).
        let weights = WeightLayout.permuted(
            kernel, shape: depthwise ? [kh * kw, outChannels] : [kh * kw, kernelChannels, outChannels],
            perm: depthwise ? [1, 0] : [2, 1, 0])
        let inputShape = shape(builder, input)
        let strides = context.pair("strides", default: [1, 1])
        let dilation = context.pair("dilation_rate", default: [1, 1])
        let same = context.string("padding") == "same"
        let outputSize = (0..<2).map { axis -> Int in
            let size = inputShape.count == 4 ? inputShape[axis + 1] : 1
            let extent = ((axis == 0 ? kh : kw) - 1) * dilation[axis] + 1
            return same ? (size + strides[axis] - 1) / strides[axis] : (size - extent) / strides[axis] + 1
        }
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        let hasBias = context.weights.count > 1 && (context.bool("use_bias") ?? true)
        let convolved = builder.add(
            context.layer.name + "_conv", inputs: [channelsFirst],
            shape: [inputShape.first ?? 1, outChannels, outputSize[0], outputSize[1]]
        ) { layer in
            var params = CoreML_Specification_ConvolutionLayerParams()
            params.outputChannels = UInt64(outChannels)
            params.kernelChannels = UInt64(kernelChannels)
            params.nGroups = UInt64(groups)
            params.kernelSize = [UInt64(kh), UInt64(kw)]
            params.stride = strides.map(UInt64.init)
            params.dilationFactor = dilation.map(UInt64.init)
            if same {
                params.same = CoreML_Specification_SamePadding()
            } else {
                params.valid = CoreML_Specification_ValidPadding()
            }
            params.weights = WeightParams.floats(weights)
            params.hasBias_p = hasBias
            if hasBias { params.bias = WeightParams.floats(context.weights[1]) }
            layer.convolution = params
        }
        let activation = context.string("activation") ?? "linear"
        let outputName = activation == "linear" ? context.layer.name : context.layer.name + "_nhwc"
        let output = builder.transpose(convolved, perm: toChannelsLast, name: outputName)
        return try Activations.apply(activation, to: output, context, &builder)
    }

    static func pooling(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let size = context.pair("pool_size", default: [2, 2])
        let strides = context.config["strides"]?.isNull == false ? context.pair("strides", default: size) : size
        let same = context.string("padding") == "same"
        let inputShape = shape(builder, input)
        let outputSize = (0..<2).map { axis -> Int in
            let extent = inputShape.count == 4 ? inputShape[axis + 1] : 1
            return same ? (extent + strides[axis] - 1) / strides[axis] : (extent - size[axis]) / strides[axis] + 1
        }
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        let pooled = builder.add(
            context.layer.name + "_pool", inputs: [channelsFirst],
            shape: [inputShape.first ?? 1, inputShape.last ?? 1, outputSize[0], outputSize[1]]
        ) { layer in
            var params = CoreML_Specification_PoolingLayerParams()
            params.type = context.layer.className.hasPrefix("Max") ? .max : .average
            params.kernelSize = size.map(UInt64.init)
            params.stride = strides.map(UInt64.init)
            if same {
                params.same = CoreML_Specification_SamePadding()
            } else {
                params.valid = CoreML_Specification_ValidPadding()
            }
            params.avgPoolExcludePadding = true
            layer.pooling = params
        }
        return builder.transpose(pooled, perm: toChannelsLast, name: context.layer.name)
    }

    /// Global pooling reduces the spatial axes of a channels-last tensor.
    static func globalPooling(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let inputShape = shape(builder, input)
        let axes = Array(1..<max(2, inputShape.count - 1))
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
