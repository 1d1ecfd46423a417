import KerasModel

/// One Keras layer class turned into ONNX nodes; returns the tensor holding its output.
typealias ONNXLayerConverter =
    @Sendable (ONNXLayerContext, inout ONNXGraphBuilder) throws(ONNXConversionError) -> String

/// The converters, by Keras class name. Tensors stay channels-last as in Keras; only operators
/// ONNX defines on channels-first data (convolution, pooling, resize) see transposed tensors.
enum ONNXLayerConverters {
    static let table: [String: ONNXLayerConverter] = [
        "Dense": dense, "Activation": activationLayer, "Dropout": passThrough, "SpatialDropout1D": passThrough,
        "SpatialDropout2D": passThrough, "GaussianNoise": passThrough, "GaussianDropout": passThrough,
        "AlphaDropout": passThrough, "ActivityRegularization": passThrough, "Flatten": flatten,
        "Reshape": reshape, "Permute": permute, "Add": merge, "Subtract": merge, "Multiply": merge,
        "Maximum": merge, "Minimum": merge, "Average": merge, "Concatenate": concatenate,
        "BatchNormalization": batchNormalization, "LayerNormalization": layerNormalization,
        "UnitNormalization": unitNormalization, "Embedding": embedding, "RepeatVector": repeatVector,
        "ReLU": reluLayer, "Softmax": softmaxLayer, "LeakyReLU": leakyReLU, "ELU": eluLayer,
        "ThresholdedReLU": thresholdedReLU, "PReLU": parametricReLU, "Rescaling": rescaling,
        "Conv2D": convolution, "DepthwiseConv2D": convolution, "SeparableConv2D": convolution,
        "Conv1D": convolution, "DepthwiseConv1D": convolution, "SeparableConv1D": convolution,
        "MaxPooling2D": pooling, "AveragePooling2D": pooling, "MaxPooling1D": pooling, "AveragePooling1D": pooling,
        "GlobalAveragePooling2D": globalPooling, "GlobalMaxPooling2D": globalPooling,
        "GlobalAveragePooling1D": globalPooling, "GlobalMaxPooling1D": globalPooling,
        "ZeroPadding2D": zeroPadding, "ZeroPadding1D": zeroPadding, "Cropping2D": cropping, "Cropping1D": cropping,
        "UpSampling2D": upsampling, "UpSampling1D": upsampling, "Resizing": resizing,
        "Conv2DTranspose": transposedConvolution,
        "LSTM": recurrent, "GRU": recurrent, "SimpleRNN": recurrent, "Bidirectional": bidirectional, "Dot": dot,
    ]

    static func passThrough(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        try context.input()
    }

    /// The layer's `activation` after `input`, the last node named after the layer.
    static func activation(_ context: ONNXLayerContext, _ input: String, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let name = context.string("activation") ?? "linear"
        guard
            let output = try ONNXActivations.apply(
                name, to: input, name: context.name, flavour: context.flavour, &builder)
        else { throw context.failure("activation '\(name)' is not supported") }
        return output
    }

    static func activationLayer(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        try activation(context, try context.input(), &builder)
    }

    static func dense(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        let input = try context.input()
        guard let kernel = context.weights.first, context.weightShapes.first?.count == 2 else {
            throw context.failure("expected a 2-D kernel")
        }
        let linear = (context.string("activation") ?? "linear") == "linear"
        let weights = builder.floats(kernel, shape: context.weightShapes[0], name: context.name + "_kernel")
        var shape = builder.shapes[input]
        if var known = shape, !known.isEmpty {
            known[known.count - 1] = context.weightShapes[0][1]
            shape = known
        }
        let hasBias = context.weights.count > 1
        var output = builder.node(
            "MatMul", [input, weights], name: linear && !hasBias ? context.name : context.name + "_matmul", shape: shape
        )
        if hasBias {
            let bias = builder.floats(
                context.weights[1], shape: [context.weights[1].count], name: context.name + "_bias")
            output = builder.binary("Add", output, bias, name: linear ? context.name : context.name + "_biased")
        }
        return try activation(context, output, &builder)
    }

    static func flatten(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        // Channels-last data flattened in Keras's own order: no transpose before it.
        let input = try context.input()
        let shape = builder.shapes[input].map { [1, $0.dropFirst().reduce(1, *)] }
        return builder.node("Flatten", [input], name: context.name, shape: shape, [ONNXAttribute.int("axis", 1)])
    }

    static func reshape(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        let input = try context.input()
        guard let target = context.config["target_shape"]?.array?.compactMap(\.int), !target.isEmpty else {
            throw context.failure("'target_shape' must be a list of integers")
        }
        var staticShape: [Int]? = nil
        if let known = builder.shapes[input] {
            let total = known.reduce(1, *)
            let fixed = target.filter { $0 != -1 }.reduce(1, *)
            staticShape = [1] + target.map { $0 == -1 ? (fixed == 0 ? 0 : total / fixed) : $0 }
        }
        return builder.reshape(input, to: [0] + target, staticShape: staticShape, name: context.name)
    }

    static func permute(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        let input = try context.input()
        guard let dims = context.config["dims"]?.array?.compactMap(\.int), Set(dims) == Set(1...max(1, dims.count))
        else { throw context.failure("'dims' must be a permutation of 1...rank") }
        let perm = [0] + dims
        let shape = builder.shapes[input].flatMap { known in known.count == perm.count ? perm.map { known[$0] } : nil }
        return builder.node("Transpose", [input], name: context.name, shape: shape, [ONNXAttribute.ints("perm", perm)])
    }

    static func merge(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        let ops = [
            "Add": "Add", "Subtract": "Sub", "Multiply": "Mul", "Maximum": "Max", "Minimum": "Min", "Average": "Add",
        ]
        guard let op = ops[context.layer.className], context.inputs.count >= 2 else {
            throw context.failure("expected two or more inputs")
        }
        guard context.layer.className != "Subtract" || context.inputs.count == 2 else {
            throw context.failure("Subtract takes exactly two inputs")
        }
        let average = context.layer.className == "Average"
        var output = context.inputs[0]
        for (index, next) in context.inputs.dropFirst().enumerated() {
            let last = index == context.inputs.count - 2 && !average
            output = builder.binary(op, output, next, name: last ? context.name : "\(context.name)_\(index)")
        }
        guard average else { return output }
        return builder.binary("Mul", output, builder.scalar(1 / Double(context.inputs.count)), name: context.name)
    }

    static func concatenate(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        guard !context.inputs.isEmpty else { throw context.failure("no input") }
        let axis = context.int("axis") ?? -1
        var shape: [Int]? = nil
        let known = context.inputs.compactMap { builder.shapes[$0] }
        if known.count == context.inputs.count, let first = known.first, !first.isEmpty {
            let resolved = axis < 0 ? axis + first.count : axis
            if first.indices.contains(resolved) {
                var joined = first
                joined[resolved] = known.map { $0.count == first.count ? $0[resolved] : 0 }.reduce(0, +)
                shape = joined
            }
        }
        return builder.node(
            "Concat", context.inputs, name: context.name, shape: shape, [ONNXAttribute.int("axis", axis)])
    }
}
