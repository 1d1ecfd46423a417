import CoreMLSpec

/// Conv2DTranspose as Core ML's deconvolution.
///
/// The deconvolution always runs with valid padding, giving the full transposed convolution
/// (`(in - 1) * stride + dilated kernel` per axis); Keras's output is then the window of it that
/// TensorFlow's `conv2d_transpose` keeps: for `same` it drops `floor(total / 2)` leading positions,
/// where `total = max((in - 1) * stride + kernel - out, 0)`, and positions past the full result
/// (a kernel smaller than the stride, or `output_padding`) are zeros before the bias. Slicing and
/// padding explicitly avoids relying on how a Core ML runtime places `outputShape` or `same`
/// padding, which the specification leaves open.
extension KerasLayerConverters {
    static func transposedConvolution(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first, let weights = context.weights.first,
            context.weightShapes.first?.count == 4
        else { throw failure(context, "expected an input and a 4-D kernel") }
        try requireChannelsLast(context)
        guard max(1, context.int("groups") ?? 1) == 1 else { throw failure(context, "groups other than 1") }
        let kernel = ConvolutionKernel.transposed(weights, shape: context.weightShapes[0])
        let inputShape = shape(builder, input)
        guard inputShape.count == 4, inputShape[3] == kernel.kernelChannels else {
            throw failure(context, "expected a 4-D input with \(kernel.kernelChannels) channels")
        }
        let window = try window(context)
        let outputPadding =
            context.config["output_padding"]?.isNull == false ? context.pair("output_padding", default: [0, 0]) : nil
        let (full, crop) = transposedExtents(
            input: [inputShape[1], inputShape[2]], taps: [kernel.height, kernel.width], window,
            outputPadding: outputPadding)
        let bias = bias(context, index: 1)
        let padded = crop.contains { $0.missing > 0 }
        let name = context.layer.name
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: name + "_nchw")
        var result = builder.add(
            name + "_deconv", inputs: [channelsFirst], shape: [inputShape[0], kernel.outputChannels] + full
        ) { layer in
            var params = CoreML_Specification_ConvolutionLayerParams()
            params.isDeconvolution = true
            params.outputChannels = UInt64(kernel.outputChannels)
            params.kernelChannels = UInt64(kernel.kernelChannels)
            params.nGroups = 1
            params.kernelSize = [UInt64(kernel.height), UInt64(kernel.width)]
            params.stride = window.strides.map(UInt64.init)
            params.dilationFactor = window.dilation.map(UInt64.init)
            params.valid = CoreML_Specification_ValidPadding()
            // The size valid padding gives anyway; coremltools always set it for Core ML runtimes.
            params.outputShape = full.map(UInt64.init)
            params.weights = WeightParams.floats(kernel.weights)
            // Positions past the full result get the bias too: add it after padding then.
            params.hasBias_p = bias != nil && !padded
            if let bias, !padded { params.bias = WeightParams.floats(bias) }
            layer.convolution = params
        }
        if crop.enumerated().contains(where: { $0.element.begin > 0 || $0.element.end < full[$0.offset] }) {
            result = NDLayers.slice(
                result, begin: [0, 0, crop[0].begin, crop[1].begin],
                end: [inputShape[0], kernel.outputChannels, crop[0].end, crop[1].end], name: name + "_crop", &builder)
        }
        if padded {
            result = NDLayers.pad(
                result, amounts: [(0, 0), (0, 0), (0, crop[0].missing), (0, crop[1].missing)], name: name + "_pad",
                &builder)
        }
        guard padded, let bias else { return try channelsLastOutput(result, context, &builder) }
        let channelsLast = builder.transpose(result, perm: toChannelsLast, name: name + "_nhwc")
        let activation = context.string("activation") ?? "linear"
        let shift = builder.constant(bias.map(Double.init), shape: [bias.count], name: name + "_bias")
        let biased = Elementwise.binary(
            .add, channelsLast, shift, name: activation == "linear" ? name : name + "_biased", &builder)
        return try Activations.apply(activation, to: biased, context, &builder)
    }

    /// Per spatial axis: the full transposed convolution's length, and the window of it Keras keeps
    /// (`missing` positions past its end are zeros).
    static func transposedExtents(
        input: [Int], taps: [Int], _ window: ConvolutionWindow, outputPadding: [Int]?
    ) -> (full: [Int], crop: [(begin: Int, end: Int, missing: Int)]) {
        var full: [Int] = []
        var crop: [(begin: Int, end: Int, missing: Int)] = []
        for axis in 0..<2 {
            let extent = (taps[axis] - 1) * window.dilation[axis] + 1
            let (size, stride) = (input[axis], window.strides[axis])
            full.append((size - 1) * stride + extent)
            // Keras's `deconv_output_length`.
            let out: Int
            switch (window.same, outputPadding?[axis]) {
            case (false, nil): out = size * stride + max(extent - stride, 0)
            case (true, nil): out = size * stride
            case (false, let extra?): out = (size - 1) * stride + extent + extra
            case (true, let extra?): out = (size - 1) * stride + extent - 2 * (extent / 2) + extra
            }
            let before = window.same ? max((size - 1) * stride + extent - out, 0) / 2 : 0
            let end = min(before + out, full[axis])
            crop.append((before, end, out - (end - before)))
        }
        return (full, crop)
    }
}
