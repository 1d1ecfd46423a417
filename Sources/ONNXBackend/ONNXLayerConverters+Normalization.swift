import Foundation

extension ONNXLayerConverters {
    /// BatchNormalization at inference: x * s + b with s = gamma / sqrt(variance + epsilon) and
    /// b = beta - mean * s folded in double precision, with Keras's epsilon (not ONNX's default),
    /// broadcast along the layer's axis of a channels-last tensor.
    static func batchNormalization(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let (hasScale, hasCenter) = (context.bool("scale") ?? true, context.bool("center") ?? true)
        let expected = 2 + (hasScale ? 1 : 0) + (hasCenter ? 1 : 0)
        guard context.weights.count == expected else {
            throw context.failure("expected \(expected) weights, found \(context.weights.count)")
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
        let shape = try channelShape(context, builder.shapes[input], count: count)
        let scaled = builder.binary(
            "Mul", input, builder.floats(scale, shape: shape, name: context.name + "_scale"),
            name: context.name + "_scaled")
        return builder.binary(
            "Add", scaled, builder.floats(shift, shape: shape, name: context.name + "_shift"), name: context.name)
    }

    /// The shape that broadcasts `count` values along the layer's `axis`.
    private static func channelShape(_ context: ONNXLayerContext, _ input: [Int]?, count: Int)
        throws(ONNXConversionError) -> [Int]
    {
        let axis = context.int("axis") ?? context.config["axis"]?.array?.first?.int ?? -1
        guard let input else {
            guard axis == -1 else { throw context.failure("axis \(axis) needs the input's shape") }
            return [count]
        }
        let resolved = axis < 0 ? axis + input.count : axis
        guard resolved >= 1, resolved < input.count, input[resolved] == count else {
            throw context.failure("axis \(axis) does not hold \(count) channels of a \(input) input")
        }
        return [count] + Array(repeating: 1, count: input.count - 1 - resolved)
    }

    /// LayerNormalization over its axes: (x - mean) / sqrt(variance + epsilon) * gamma + beta.
    static func layerNormalization(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
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
        let epsilon = context.double("epsilon") ?? 1e-3
        let name = context.name
        let mean = builder.reduce("ReduceMean", input, axes: axes, keepDims: true, name: name + "_mean")
        let centered = builder.binary("Sub", input, mean, name: name + "_centered")
        let squares = builder.binary("Mul", centered, centered, name: name + "_squares")
        let variance = builder.reduce("ReduceMean", squares, axes: axes, keepDims: true, name: name + "_variance")
        let shifted = builder.binary("Add", variance, builder.scalar(epsilon), name: name + "_shifted")
        let deviation = builder.unary("Sqrt", shifted, name: name + "_deviation")
        let steps = [hasScale ? "scale" : nil, hasCenter ? "center" : nil].compactMap { $0 }
        var output = builder.binary("Div", centered, deviation, name: steps.isEmpty ? name : name + "_normalized")
        // gamma and beta hold one value per position of the normalized axes, in axis order.
        let weightShape = inputShape.indices.map { axes.contains($0) ? inputShape[$0] : 1 }
        for (index, step) in steps.enumerated() {
            let weights = builder.floats(
                context.weights[index], shape: weightShape, name: "\(name)_\(step == "scale" ? "gamma" : "beta")")
            output = builder.binary(
                step == "scale" ? "Mul" : "Add", output, weights,
                name: index == steps.count - 1 ? name : name + "_scaled")
        }
        return output
    }

    /// UnitNormalization: x / sqrt(max(sum(x^2), 1e-12)) over its axes.
    static func unitNormalization(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        let axes = context.int("axis").map { [$0] } ?? context.config["axis"]?.array?.compactMap(\.int) ?? [-1]
        return l2Normalize(input, axes: axes, epsilon: 1e-12, name: context.name, &builder)
    }

    /// x * rsqrt(max(sum(x^2, axes), epsilon)), as tf.math.l2_normalize.
    static func l2Normalize(
        _ input: String, axes: [Int], epsilon: Double, name: String, _ builder: inout ONNXGraphBuilder
    )
        -> String
    {
        let squares = builder.binary("Mul", input, input, name: name + "_squares")
        let sum = builder.reduce("ReduceSum", squares, axes: axes, keepDims: true, name: name + "_sum")
        let floor = builder.binary("Max", sum, builder.scalar(epsilon), name: name + "_floor")
        let norm = builder.unary("Sqrt", floor, name: name + "_norm")
        return builder.binary("Div", input, norm, name: name)
    }

    static func embedding(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard let table = context.weights.first, context.weightShapes.first?.count == 2 else {
            throw context.failure("expected a 2-D embedding matrix")
        }
        let matrix = builder.floats(table, shape: context.weightShapes[0], name: context.name + "_embeddings")
        let indices = builder.node(
            "Cast", [input], name: context.name + "_indices", shape: builder.shapes[input],
            [ONNXAttribute.int("to", Int(ONNXElementType.int64))])
        let shape = builder.shapes[input].map { $0 + [context.weightShapes[0][1]] }
        return builder.node(
            "Gather", [matrix, indices], name: context.name, shape: shape, [ONNXAttribute.int("axis", 0)])
    }

    static func repeatVector(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder)
        throws(ONNXConversionError) -> String
    {
        let input = try context.input()
        guard let count = context.int("n"), count > 0 else { throw context.failure("'n' must be a positive integer") }
        let expanded = builder.unsqueeze(input, axes: [1], name: context.name + "_expanded")
        let target = builder.ints([1, count, 1], name: context.name + "_repeats")
        let shape = builder.shapes[input].map { [$0[0], count] + $0.dropFirst() }
        return builder.node("Tile", [expanded, target], name: context.name, shape: shape)
    }
}
