import KerasModel

/// One Keras layer class turned into MIL operations; returns the value holding its output.
typealias MILLayerConverter =
    @Sendable (MILLayerContext, inout MILProgramBuilder) throws(MLProgramConversionError) -> String

/// The converters, by Keras class name. Values stay channels-last as in Keras; only operations
/// MIL defines on channels-first data (convolution, pooling, upsampling) see transposed values.
enum MILLayerConverters {
    static let table: [String: MILLayerConverter] = [
        "Dense": dense, "Activation": activationLayer, "LSTM": recurrent, "GRU": recurrent, "SimpleRNN": recurrent,
        "Bidirectional": bidirectional, "Dot": dot, "Dropout": passThrough, "SpatialDropout1D": passThrough,
        "SpatialDropout2D": passThrough, "GaussianNoise": passThrough, "GaussianDropout": passThrough,
        "AlphaDropout": passThrough, "ActivityRegularization": passThrough, "Flatten": flatten,
        "Reshape": reshape, "Permute": permute, "Add": merge, "Subtract": merge, "Multiply": merge,
        "Maximum": merge, "Minimum": merge, "Average": merge, "Concatenate": concatenate,
        "BatchNormalization": batchNormalization, "Embedding": embedding, "ReLU": reluLayer,
        "Softmax": softmaxLayer, "LeakyReLU": leakyReLU, "ELU": eluLayer,
        "Conv2D": convolution, "DepthwiseConv2D": convolution, "Conv1D": convolution, "DepthwiseConv1D": convolution,
        "SeparableConv2D": convolution, "SeparableConv1D": convolution,
        "MaxPooling2D": pooling, "AveragePooling2D": pooling, "MaxPooling1D": pooling, "AveragePooling1D": pooling,
        "GlobalAveragePooling2D": globalPooling, "GlobalMaxPooling2D": globalPooling,
        "GlobalAveragePooling1D": globalPooling, "GlobalMaxPooling1D": globalPooling,
        "ZeroPadding2D": zeroPadding, "ZeroPadding1D": zeroPadding, "Cropping2D": cropping, "Cropping1D": cropping,
        "UpSampling2D": upsampling, "UpSampling1D": upsampling, "Resizing": resizing,
        "ThresholdedReLU": thresholdedReLU,
        "PReLU": parametricReLU, "Rescaling": rescaling, "LayerNormalization": layerNormalization,
        "RepeatVector": repeatVector, "Conv2DTranspose": transposedConvolution,
    ]

    static func passThrough(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        try context.input()
    }

    /// The layer's `activation` after `input`.
    static func activation(_ context: MILLayerContext, _ input: String, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let name = context.string("activation") ?? "linear"
        guard let output = MILActivations.apply(name, to: input, name: context.name, flavour: context.flavour, &builder)
        else { throw context.failure("activation '\(name)' is not supported") }
        return output
    }

    static func activationLayer(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        try activation(context, try context.input(), &builder)
    }

    /// `linear` of a `[out, in]` weight (the Keras kernel transposed) over the last axis.
    static func dense(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let kernel = context.weights.first, context.weightShapes.first?.count == 2 else {
            throw context.failure("expected a 2-D kernel")
        }
        let (inputs, outputs) = (context.weightShapes[0][0], context.weightShapes[0][1])
        let weight = try builder.floats(
            WeightLayout.permuted(kernel, shape: [inputs, outputs], perm: [1, 0]), shape: [outputs, inputs],
            name: context.name + "_weight", key: context.weightKeys[0] + ":T")
        var arguments = ["x": input, "weight": weight]
        if context.weights.count > 1 {
            arguments["bias"] = try builder.floats(
                context.weights[1], shape: [outputs], name: context.name + "_bias", key: context.weightKeys[1])
        }
        var shape = builder.shapes[input] ?? [1, inputs]
        shape[shape.count - 1] = outputs
        let linear = (context.string("activation") ?? "linear") == "linear"
        let output = builder.op(
            "linear", arguments, name: linear ? context.name : context.name + "_linear", shape: shape)
        return try activation(context, output, &builder)
    }

    static func flatten(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        // Keras flattens channels-last order: a channels_first Flatten moves the channels last first.
        var input = try context.input()
        guard let shape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        if context.string("data_format") == "channels_first", shape.count > 2 {
            input = builder.transpose(input, perm: [0] + Array(2..<shape.count) + [1], name: context.name + "_nhwc")
        }
        return builder.reshape(input, to: [1, shape.dropFirst().reduce(1, *)], name: context.name)
    }

    static func reshape(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        // An empty target (a value per sample, as `rewrite` writes for a squeeze) is the batch alone.
        guard let stored = context.config["target_shape"]?.array,
            case let target = stored.compactMap(\.int), target.count == stored.count
        else { throw context.failure("'target_shape' must be a list of integers") }
        guard let known = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let total = known.reduce(1, *)
        let fixed = target.filter { $0 != -1 }.reduce(1, *)
        let shape = [1] + target.map { $0 == -1 ? (fixed == 0 ? 0 : total / fixed) : $0 }
        guard shape.reduce(1, *) == total else { throw context.failure("cannot reshape \(known) to \(shape)") }
        return builder.reshape(input, to: shape, name: context.name)
    }

    static func permute(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let dims = context.config["dims"]?.array?.compactMap(\.int), Set(dims) == Set(1...max(1, dims.count))
        else { throw context.failure("'dims' must be a permutation of 1...rank") }
        return builder.transpose(input, perm: [0] + dims, name: context.name)
    }

    static func merge(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let ops = [
            "Add": "add", "Subtract": "sub", "Multiply": "mul", "Maximum": "maximum", "Minimum": "minimum",
            "Average": "add",
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
        return builder.binary("mul", output, builder.scalar(1 / Double(context.inputs.count)), name: context.name)
    }

    static func concatenate(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        guard let first = context.inputs.first, let shape = builder.shapes[first] else {
            throw context.failure("no input of known shape")
        }
        let given = context.int("axis") ?? -1
        let axis = given < 0 ? given + shape.count : given
        var joined = shape
        guard joined.indices.contains(axis) else { throw context.failure("axis \(given) is out of range") }
        joined[axis] = context.inputs.map { builder.shapes[$0].map { $0.count == shape.count ? $0[axis] : 0 } ?? 0 }
            .reduce(0, +)
        return builder.op(
            "concat",
            [
                "values": context.inputs, "axis": [builder.ints([axis], scalar: true)],
                "interleave": [builder.bools([false], scalar: true)],
            ],
            name: context.name, shape: joined)
    }
}
