extension MILLayerConverters {
    /// ThresholdedReLU: x where x > theta, else 0.
    static func thresholdedReLU(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        let theta = context.double("theta") ?? 1
        let above = builder.op(
            "greater", ["x": input, "y": builder.scalar(theta)], name: context.name + "_above",
            shape: builder.shapes[input], dataType: .bool)
        return builder.select(above, input, builder.scalar(0), name: context.name, shape: builder.shapes[input])
    }

    /// PReLU with its learned slopes: relu(x) - alpha * relu(-x) (alpha stored one per position,
    /// shared axes as size 1).
    static func parametricReLU(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let alpha = context.weights.first, let shape = context.weightShapes.first else {
            throw context.failure("expected the alpha weights")
        }
        let name = context.name
        let slopes = try builder.floats(alpha, shape: shape, name: name + "_alpha", key: context.weightKeys[0])
        let positive = builder.unary("relu", input, name: name + "_positive")
        let negated = builder.binary("mul", input, builder.scalar(-1), name: name + "_negated")
        let negative = builder.unary("relu", negated, name: name + "_negative")
        let leak = builder.binary("mul", negative, slopes, name: name + "_leak")
        return builder.binary("sub", positive, leak, name: name)
    }

    /// Rescaling: x * scale + offset (each a number or one per channel).
    static func rescaling(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        func values(_ key: String, _ value: Double) throws(MLProgramConversionError) -> [Float] {
            guard let stored = context.config[key], !stored.isNull else { return [Float(value)] }
            if let number = stored.double { return [Float(number)] }
            guard let list = stored.array?.compactMap(\.double), !list.isEmpty else {
                throw context.failure("'\(key)' must be a number or a list of numbers")
            }
            return list.map(Float.init)
        }
        let (scale, offset) = (try values("scale", 1), try values("offset", 0))
        let scaled = builder.binary(
            "mul", input, try builder.floats(scale, shape: [scale.count], name: context.name + "_scale"),
            name: context.name + "_scaled")
        return builder.binary(
            "add", scaled, try builder.floats(offset, shape: [offset.count], name: context.name + "_offset"),
            name: context.name)
    }

    /// LayerNormalization over its axes: (x - mean) / sqrt(variance + epsilon) * gamma + beta.
    static func layerNormalization(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard context.bool("rms_scaling") != true else {
            throw context.failure("rms_scaling is not supported (its formula differs between Keras releases)")
        }
        guard let inputShape = builder.shapes[input] else { throw context.failure("the input's shape is unknown") }
        let rank = inputShape.count
        let listed = context.int("axis").map { [$0] } ?? context.config["axis"]?.array?.compactMap(\.int) ?? [-1]
        let axes = Set(listed.map { $0 < 0 ? $0 + rank : $0 }).sorted()
        guard !axes.isEmpty, axes.allSatisfy({ $0 >= 1 && $0 < rank }) else {
            throw context.failure("axis \(listed) is not a set of non-batch axes of a rank-\(rank) input")
        }
        let (hasScale, hasCenter) = (context.bool("scale") ?? true, context.bool("center") ?? true)
        guard context.weights.count == (hasScale ? 1 : 0) + (hasCenter ? 1 : 0) else {
            throw context.failure("unexpected weights (\(context.weights.count))")
        }
        let name = context.name
        let kept = inputShape.indices.map { axes.contains($0) ? 1 : inputShape[$0] }
        let reduce = { (value: String, suffix: String, builder: inout MILProgramBuilder) -> String in
            builder.op(
                "reduce_mean",
                ["x": value, "axes": builder.ints(axes), "keep_dims": builder.bools([true], scalar: true)],
                name: name + suffix, shape: kept)
        }
        let mean = reduce(input, "_mean", &builder)
        let centered = builder.binary("sub", input, mean, name: name + "_centered")
        let squares = builder.binary("mul", centered, centered, name: name + "_squares")
        let variance = reduce(squares, "_variance", &builder)
        let shifted = builder.binary(
            "add", variance, builder.scalar(context.double("epsilon") ?? 1e-3), name: name + "_shifted")
        let deviation = builder.unary("sqrt", shifted, name: name + "_deviation")
        let steps = [hasScale ? "scale" : nil, hasCenter ? "center" : nil].compactMap { $0 }
        var output = builder.binary("real_div", centered, deviation, name: steps.isEmpty ? name : name + "_normalized")
        // gamma and beta hold one value per position of the normalized axes, in axis order.
        let weightShape = inputShape.indices.map { axes.contains($0) ? inputShape[$0] : 1 }
        for (index, step) in steps.enumerated() {
            let weights = try builder.floats(
                context.weights[index], shape: weightShape, name: "\(name)_\(step == "scale" ? "gamma" : "beta")",
                key: context.weightKeys[index])
            output = builder.binary(
                step == "scale" ? "mul" : "add", output, weights,
                name: index == steps.count - 1 ? name : name + "_scaled")
        }
        return output
    }

    static func repeatVector(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        let input = try context.input()
        guard let count = context.int("n"), count > 0 else { throw context.failure("'n' must be a positive integer") }
        guard let shape = builder.shapes[input], shape.count == 2 else { throw context.failure("expected a 2-D input") }
        let expanded = builder.reshape(input, to: [shape[0], 1, shape[1]], name: context.name + "_expanded")
        return builder.op(
            "tile", ["x": expanded, "reps": builder.ints([1, count, 1])], name: context.name,
            shape: [shape[0], count, shape[1]])
    }
}

extension MILLayerConverters {
    /// Dot of two `[batch, rows, columns]` tensors over one axis each: a batched `matmul`, each
    /// operand transposed where its summed axis is not the one matmul sums (as the NeuralNetwork
    /// backend's batched matmul). `normalize=True` and other ranks are refused by name.
    static func dot(_ context: MILLayerContext, _ builder: inout MILProgramBuilder)
        throws(MLProgramConversionError) -> String
    {
        guard context.inputs.count == 2, let x = builder.shapes[context.inputs[0]],
            let y = builder.shapes[context.inputs[1]]
        else { throw context.failure("Dot takes two inputs of known shapes") }
        guard x.count == 3, y.count == 3 else {
            throw context.failure("Dot on tensors of rank other than 3 has no ML Program converter yet")
        }
        guard context.bool("normalize") != true else {
            throw context.failure("Dot with normalize=True has no ML Program converter yet")
        }
        let stored = context.config["axes"]
        let given = stored?.int.map { [$0, $0] } ?? stored?.array?.compactMap(\.int) ?? [-1, -1]
        guard given.count == 2 else { throw context.failure("'axes' must be one integer or two") }
        let axes = given.map { $0 < 0 ? $0 + 3 : $0 }
        guard axes.allSatisfy({ $0 == 1 || $0 == 2 }) else {
            throw context.failure("Dot over axes \(given) (the batch axis cannot be summed)")
        }
        let (transposeX, transposeY) = (axes[0] == 1, axes[1] == 2)
        let (rows, inner) = transposeX ? (x[2], x[1]) : (x[1], x[2])
        let (innerY, columns) = transposeY ? (y[2], y[1]) : (y[1], y[2])
        guard inner == innerY else {
            throw context.failure("Dot sums axes of different sizes (\(inner) and \(innerY))")
        }
        return builder.op(
            "matmul",
            [
                "x": context.inputs[0], "y": context.inputs[1],
                "transpose_x": builder.bools([transposeX], scalar: true),
                "transpose_y": builder.bools([transposeY], scalar: true),
            ], name: context.name, shape: [x[0], rows, columns])
    }
}
