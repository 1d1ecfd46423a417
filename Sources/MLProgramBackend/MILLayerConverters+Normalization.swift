extension MILLayerConverters {
    /// ReLU(max_value, negative_slope, threshold): x from the threshold up, negative_slope *
    /// (x - threshold) below, capped at max_value.
    static func reluLayer(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let slope = context.double("negative_slope") ?? 0
        let threshold = context.double("threshold") ?? 0
        let maximum = context.double("max_value")
        let name = context.name
        var output: String
        if slope == 0 && threshold == 0 {
            output = builder.unary("relu", input, name: maximum == nil ? name : name + "_relu")
        } else {
            let below = builder.op(
                "less", ["x": input, "y": builder.scalar(threshold)], name: name + "_below",
                shape: builder.shapes[input],
                dataType: .bool)
            let shifted = builder.binary("sub", input, builder.scalar(threshold), name: name + "_shifted")
            let leak = builder.binary("mul", shifted, builder.scalar(slope), name: name + "_leak")
            output = builder.select(
                below, leak, input, name: maximum == nil ? name : name + "_relu", shape: builder.shapes[input])
        }
        if let maximum { output = builder.binary("minimum", output, builder.scalar(maximum), name: name) }
        return output
    }

    static func softmaxLayer(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let axis = context.int("axis") ?? context.config["axis"]?.array?.first?.int ?? -1
        return builder.unary("softmax", input, name: context.name, ["axis": builder.ints([axis], scalar: true)])
    }

    /// LeakyReLU: `alpha` in tf.keras (default 0.3), `negative_slope` in Keras 3 (default 0.3).
    static func leakyReLU(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let slope = context.double("negative_slope") ?? context.double("alpha") ?? 0.3
        return builder.unary("leaky_relu", try context.input(), name: context.name, ["alpha": builder.scalar(slope)])
    }

    static func eluLayer(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let alpha = context.double("alpha") ?? 1
        return builder.unary("elu", try context.input(), name: context.name, ["alpha": builder.scalar(alpha)])
    }

    /// BatchNormalization at inference: x * s + b with s = gamma / sqrt(variance + epsilon) and
    /// b = beta - mean * s folded in double precision, broadcast along the layer's axis.
    static func batchNormalization(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let (hasScale, hasCenter) = (context.bool("scale") ?? true, context.bool("center") ?? true)
        let expected = 2 + (hasScale ? 1 : 0) + (hasCenter ? 1 : 0)
        guard context.weights.count == expected, let shape = builder.shapes[input] else {
            throw context.failure("expected \(expected) weights and an input of known shape")
        }
        var index = 0
        func next() -> [Float] {
            defer { index += 1 }
            return context.weights[index]
        }
        let gamma = hasScale ? next() : nil
        let beta = hasCenter ? next() : nil
        let (mean, variance) = (next(), next())
        let epsilon = context.double("epsilon") ?? 1e-3
        let count = mean.count
        guard variance.count == count, (gamma?.count ?? count) == count, (beta?.count ?? count) == count else {
            throw context.failure("weights of different sizes")
        }
        var scale = [Float](repeating: 0, count: count)
        var shift = [Float](repeating: 0, count: count)
        for channel in 0..<count {
            let factor = Double(gamma?[channel] ?? 1) / (Double(variance[channel]) + epsilon).squareRoot()
            scale[channel] = Float(factor)
            shift[channel] = Float(Double(beta?[channel] ?? 0) - Double(mean[channel]) * factor)
        }
        let axis = context.int("axis") ?? context.config["axis"]?.array?.first?.int ?? -1
        let resolved = axis < 0 ? axis + shape.count : axis
        guard resolved >= 1, resolved < shape.count, shape[resolved] == count else {
            throw context.failure("axis \(axis) does not hold \(count) channels of a \(shape) input")
        }
        let channelShape = [count] + Array(repeating: 1, count: shape.count - 1 - resolved)
        let key = context.weightKeys.joined(separator: "+")
        let scaled = builder.binary(
            "mul", input,
            try builder.floats(scale, shape: channelShape, name: context.name + "_scale", key: key + ":scale"),
            name: context.name + "_scaled")
        return builder.binary(
            "add", scaled,
            try builder.floats(shift, shape: channelShape, name: context.name + "_shift", key: key + ":shift"),
            name: context.name)
    }

    /// Embedding: the input's float indices cast to int32, then `gather` of the table's rows.
    static func embedding(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let table = context.weights.first, context.weightShapes.first?.count == 2,
            let shape = builder.shapes[input]
        else { throw context.failure("expected a 2-D embedding matrix and an input of known shape") }
        let matrix = try builder.floats(
            table, shape: context.weightShapes[0], name: context.name + "_embeddings", key: context.weightKeys[0])
        let indices = builder.op(
            "cast", ["x": input, "dtype": builder.string("int32")], name: context.name + "_indices", shape: shape,
            dataType: .int32)
        return builder.op(
            "gather", ["x": matrix, "indices": indices, "axis": builder.ints([0], scalar: true)], name: context.name,
            shape: shape + [context.weightShapes[0][1]])
    }
}
