extension ONNXLayerConverters {
    /// ReLU(max_value, negative_slope, threshold): x from the threshold up, negative_slope *
    /// (x - threshold) below, capped at max_value.
    static func reluLayer(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let slope = context.double("negative_slope") ?? 0
        let threshold = context.double("threshold") ?? 0
        let maximum = context.double("max_value")
        let name = context.name
        var output: String
        if slope == 0 && threshold == 0 {
            output = builder.unary("Relu", input, name: maximum == nil ? name : name + "_relu")
        } else {
            let below = builder.binary("Less", input, builder.scalar(threshold), name: name + "_below")
            let shifted = builder.binary("Sub", input, builder.scalar(threshold), name: name + "_shifted")
            let leak = builder.binary("Mul", shifted, builder.scalar(slope), name: name + "_leak")
            output = builder.node(
                "Where", [below, leak, input], name: maximum == nil ? name : name + "_relu",
                shape: builder.shapes[input])
        }
        if let maximum { output = builder.binary("Min", output, builder.scalar(maximum), name: name) }
        return output
    }

    static func softmaxLayer(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let axis = context.int("axis") ?? context.config["axis"]?.array?.first?.int ?? -1
        return builder.unary("Softmax", input, name: context.name, [ONNXAttribute.int("axis", axis)])
    }

    /// LeakyReLU: `alpha` in tf.keras (default 0.3), `negative_slope` in Keras 3 (default 0.3).
    static func leakyReLU(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let slope = context.double("negative_slope") ?? context.double("alpha") ?? 0.3
        return builder.unary(
            "LeakyRelu", try context.input(), name: context.name, [ONNXAttribute.float("alpha", slope)])
    }

    static func eluLayer(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let alpha = context.double("alpha") ?? 1
        return builder.unary("Elu", try context.input(), name: context.name, [ONNXAttribute.float("alpha", alpha)])
    }

    static func thresholdedReLU(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let theta = context.double("theta") ?? 1
        return builder.unary(
            "ThresholdedRelu", try context.input(), name: context.name, [ONNXAttribute.float("alpha", theta)])
    }

    /// PReLU with its learned slopes (one per position, shared axes stored as size 1).
    static func parametricReLU(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard let alpha = context.weights.first, let shape = context.weightShapes.first else {
            throw context.failure("expected the alpha weights")
        }
        let slopes = builder.floats(alpha, shape: shape, name: context.name + "_alpha")
        return builder.node("PRelu", [input, slopes], name: context.name, shape: builder.shapes[input])
    }

    /// Rescaling: x * scale + offset (each a number or one per channel).
    static func rescaling(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        func values(_ key: String, _ value: Double) throws(ONNXConversionError) -> [Float] {
            guard let stored = context.config[key], !stored.isNull else { return [Float(value)] }
            if let number = stored.double { return [Float(number)] }
            guard let list = stored.array?.compactMap(\.double), !list.isEmpty else {
                throw context.failure("'\(key)' must be a number or a list of numbers")
            }
            return list.map(Float.init)
        }
        let scale = try values("scale", 1)
        let offset = try values("offset", 0)
        let scaled = builder.binary(
            "Mul", input, builder.floats(scale, shape: [scale.count], name: context.name + "_scale"),
            name: context.name + "_scaled")
        return builder.binary(
            "Add", scaled, builder.floats(offset, shape: [offset.count], name: context.name + "_offset"),
            name: context.name)
    }
}
