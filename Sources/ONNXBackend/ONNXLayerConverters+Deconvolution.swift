import KerasModel

extension ONNXLayerConverters {
    /// Conv2DTranspose as `ConvTranspose` with explicit pads: the full transposed convolution is
    /// `(in - 1) * stride + dilated kernel` per axis; Keras keeps the window of it TensorFlow's
    /// `conv2d_transpose` keeps (for `same`, `floor(total / 2)` leading positions dropped), and
    /// positions past the full result (a kernel smaller than the stride, or `output_padding`)
    /// come from ONNX's `output_padding`, which gets the bias as Keras's do.
    static func transposedConvolution(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard let weights = context.weights.first, let shape = context.weightShapes.first, shape.count == 4 else {
            throw context.failure("expected a 4-D kernel")
        }
        guard (context.string("data_format") ?? "channels_last") == "channels_last" else {
            throw context.failure("data_format channels_first is not supported")
        }
        guard max(1, context.int("groups") ?? 1) == 1 else { throw context.failure("groups other than 1") }
        guard let inputShape = builder.shapes[input], inputShape.count == 4, inputShape[3] == shape[3] else {
            throw context.failure("expected a 4-D input with \(shape[3]) channels")
        }
        let strides = try context.positive("strides", count: 2, default: [1, 1])
        let dilations = try context.positive("dilation_rate", count: 2, default: [1, 1])
        let same = (context.string("padding") ?? "valid") == "same"
        let extra: [Int]? =
            context.config["output_padding"]?.isNull == false
            ? try context.positive("output_padding", count: 2, default: [0, 0]) : nil
        var (begins, ends, outputPadding, outputSize) = ([Int](), [Int](), [Int](), [Int]())
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
            begins.append(before)
            ends.append(max(full - before - out, 0))
            outputPadding.append(max(out - (full - before), 0))
            outputSize.append(out)
        }
        let name = context.name
        let first = builder.transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        // [kh, kw, out, in] -> [in, out, kh, kw]
        let perm = [3, 2, 0, 1]
        let kernel = builder.floats(
            WeightLayout.permuted(weights, shape: shape, perm: perm), shape: perm.map { shape[$0] },
            name: name + "_kernel")
        let bias =
            context.weights.count > 1
            ? [builder.floats(context.weights[1], shape: [context.weights[1].count], name: name + "_bias")] : []
        let convolved = builder.node(
            "ConvTranspose", [first, kernel] + bias, name: name + "_deconv",
            shape: [inputShape[0], shape[2]] + outputSize,
            [
                ONNXAttribute.ints("strides", strides), ONNXAttribute.ints("dilations", dilations),
                ONNXAttribute.ints("pads", begins + ends), ONNXAttribute.ints("output_padding", outputPadding),
                ONNXAttribute.ints("kernel_shape", [shape[0], shape[1]]),
            ])
        let linear = (context.string("activation") ?? "linear") == "linear"
        let back = builder.transpose(convolved, perm: [0, 2, 3, 1], name: linear ? name : name + "_nhwc")
        return try activation(context, back, &builder)
    }
}
