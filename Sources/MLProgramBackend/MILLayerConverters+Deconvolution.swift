import KerasModel

extension MILLayerConverters {
    /// Conv2DTranspose as `conv_transpose` with explicit pads: the full transposed convolution
    /// is `(in - 1) * stride + dilated kernel` per axis; Keras keeps the window of it TensorFlow's
    /// `conv2d_transpose` keeps (for `same`, `floor(total / 2)` leading positions dropped), and
    /// positions past the full result (a kernel smaller than the stride, or `output_padding`) are
    /// zeros padded after it, which get the bias as Keras's do (the bias is added last).
    static func transposedConvolution(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let weights = context.weights.first, let shape = context.weightShapes.first, shape.count == 4 else {
            throw context.failure("expected a 4-D kernel")
        }
        let first = try channelsFirst(context)
        guard max(1, context.int("groups") ?? 1) == 1 else { throw context.failure("groups other than 1") }
        guard let inputShape = builder.shapes[input].map({ channelsLastView($0, first) }), inputShape.count == 4,
            inputShape[3] == shape[3]
        else { throw context.failure("expected a 4-D input with \(shape[3]) channels") }
        let strides = try context.positive("strides", count: 2, default: [1, 1])
        let dilations = try context.positive("dilation_rate", count: 2, default: [1, 1])
        let same = (context.string("padding") ?? "valid") == "same"
        let extra: [Int]? =
            context.config["output_padding"]?.isNull == false
            ? try context.positive("output_padding", count: 2, default: [0, 0]) : nil
        var (pads, trailing, computed, outputSize) = ([Int](), [Int](), [Int](), [Int]())
        for axis in 0..<2 {
            let extent = (shape[axis] - 1) * dilations[axis] + 1
            let (size, stride) = (inputShape[axis + 1], strides[axis])
            let full = (size - 1) * stride + extent
            // Keras's `deconv_output_length`.
            let out: Int
            switch (same, extra?[axis]) {
            case (false, nil): out = size * stride + max(extent - stride, 0)
            case (true, nil): out = size * stride
            case (false, let more?): out = (size - 1) * stride + extent + more
            case (true, let more?): out = (size - 1) * stride + extent - 2 * (extent / 2) + more
            }
            let before = same ? max(full - out, 0) / 2 : 0
            let after = max(full - before - out, 0)
            pads += [before, after]
            computed.append(full - before - after)
            trailing.append(max(out - (full - before), 0))
            outputSize.append(out)
        }
        let name = context.name
        let channels = shape[2]
        var value = first ? input : builder.transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        // [kh, kw, out, in] -> [in, out, kh, kw]
        let perm = [3, 2, 0, 1]
        let kernel = try builder.floats(
            WeightLayout.permuted(weights, shape: shape, perm: perm), shape: perm.map { shape[$0] },
            name: name + "_weight", key: context.weightKeys[0] + ":deconv")
        value = builder.op(
            "conv_transpose",
            [
                "x": value, "weight": kernel, "strides": builder.ints(strides), "dilations": builder.ints(dilations),
                "pad_type": builder.string("custom"), "pad": builder.ints(pads),
                "groups": builder.ints([1], scalar: true),
            ], name: name + "_deconv", shape: [1, channels] + computed)
        if trailing.contains(where: { $0 > 0 }) {
            value = builder.op(
                "pad",
                [
                    "x": value, "pad": builder.ints([0, trailing[0], 0, trailing[1]]),
                    "mode": builder.string("constant"),
                    "constant_val": builder.scalar(0),
                ], name: name + "_extended", shape: [1, channels] + outputSize)
        }
        if context.weights.count > 1 {
            let bias = try builder.floats(
                context.weights[1], shape: [channels, 1, 1], name: name + "_bias", key: context.weightKeys[1] + ":chw")
            value = builder.binary("add", value, bias, name: name + "_biased")
        }
        let linear = (context.string("activation") ?? "linear") == "linear"
        if !first { value = builder.transpose(value, perm: [0, 2, 3, 1], name: linear ? name : name + "_nhwc") }
        return try activation(context, value, &builder)
    }
}
