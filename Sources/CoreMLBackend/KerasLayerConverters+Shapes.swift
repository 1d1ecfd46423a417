import CoreMLSpec

extension KerasLayerConverters {
    static func flatten(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let inputShape = shape(builder, input)
        let size = inputShape.dropFirst().reduce(1, *)
        return builder.add(context.layer.name, inputs: [input], shape: [inputShape.first ?? 1, size]) { layer in
            var params = CoreML_Specification_FlattenTo2DLayerParams()
            params.axis = 1
            layer.flattenTo2D = params
        }
    }

    static func reshape(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first, let target = context.config["target_shape"]?.array?.compactMap(\.int)
        else { throw failure(context, "no target_shape") }
        let inputShape = shape(builder, input)
        let total = inputShape.dropFirst().reduce(1, *)
        let known = target.filter { $0 != -1 }.reduce(1, *)
        let resolved = target.map { $0 == -1 ? (known == 0 ? 0 : total / known) : $0 }
        let outputShape = [inputShape.first ?? 1] + resolved
        return builder.add(context.layer.name, inputs: [input], shape: outputShape) { layer in
            var params = CoreML_Specification_ReshapeStaticLayerParams()
            params.targetShape = outputShape.map(Int64.init)
            layer.reshapeStatic = params
        }
    }

    static func permute(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first, let dims = context.config["dims"]?.array?.compactMap(\.int) else {
            throw failure(context, "no dims")
        }
        return builder.transpose(input, perm: [0] + dims, name: context.layer.name)
    }

    static func merge(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard context.inputs.count >= 2 else { throw failure(context, "needs two inputs or more") }
        let operations: [String: Elementwise.Operation] = [
            "Add": .add, "Subtract": .subtract, "Multiply": .multiply, "Maximum": .maximum, "Minimum": .minimum,
            "Average": .add,
        ]
        guard let operation = operations[context.layer.className] else { throw failure(context, "not a merge") }
        var result = context.inputs[0]
        for (index, other) in context.inputs.dropFirst().enumerated() {
            let last = index == context.inputs.count - 2 && context.layer.className != "Average"
            result = Elementwise.binary(
                operation, result, other, name: last ? context.layer.name : "\(context.layer.name)_\(index)", &builder)
        }
        guard context.layer.className == "Average" else { return result }
        let scale = builder.constant([1 / Double(context.inputs.count)], shape: [1], name: context.layer.name + "_n")
        return Elementwise.binary(.multiply, result, scale, name: context.layer.name, &builder)
    }

    static func concatenate(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let first = context.inputs.first else { throw failure(context, "no input") }
        var outputShape = shape(builder, first)
        let axis = context.int("axis") ?? -1
        let resolved = axis < 0 ? axis + outputShape.count : axis
        guard outputShape.indices.contains(resolved) else { throw failure(context, "axis \(axis) out of range") }
        outputShape[resolved] = context.inputs.reduce(0) {
            $0 + (shape(builder, $1).indices.contains(resolved) ? shape(builder, $1)[resolved] : 0)
        }
        return builder.add(context.layer.name, inputs: context.inputs, shape: outputShape) { layer in
            var params = CoreML_Specification_ConcatNDLayerParams()
            params.axis = Int64(axis)
            layer.concatNd = params
        }
    }

    /// Per-channel affine transform on the feature axis (`axis`, the last by default), from the
    /// moving statistics.
    static func batchNormalization(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let hasScale = context.bool("scale") ?? true
        let hasCenter = context.bool("center") ?? true
        guard context.weights.count == 2 + (hasScale ? 1 : 0) + (hasCenter ? 1 : 0) else {
            throw failure(context, "unexpected weights (\(context.weights.count))")
        }
        var index = 0
        let gamma = hasScale ? context.weights[0] : nil
        if hasScale { index += 1 }
        let beta = hasCenter ? context.weights[index] : nil
        if hasCenter { index += 1 }
        let (mean, variance) = (context.weights[index], context.weights[index + 1])
        let epsilon = context.config["epsilon"]?.double ?? 1e-3
        var scale: [Double] = []
        var shift: [Double] = []
        for channel in mean.indices {
            let factor = Double(gamma?[channel] ?? 1) / (Double(variance[channel]) + epsilon).squareRoot()
            scale.append(factor)
            shift.append(Double(beta?[channel] ?? 0) - Double(mean[channel]) * factor)
        }
        let name = context.layer.name
        // Per-channel vectors shaped to broadcast along `axis` (1 in channels-first models).
        let rank = shape(builder, input).count
        let stored = context.config["axis"]?.int ?? context.config["axis"]?.array?.first?.int ?? -1
        let axis = stored < 0 ? rank + stored : stored
        guard rank == 0 || (1..<rank).contains(axis) else {
            throw failure(context, "axis \(stored) is not a feature axis of a rank-\(rank) input")
        }
        let vectorShape = [scale.count] + Array(repeating: 1, count: max(0, rank - 1 - axis))
        let scaleBlob = builder.constant(scale, shape: vectorShape, name: name + "_scale")
        let shiftBlob = builder.constant(shift, shape: vectorShape, name: name + "_shift")
        let scaled = Elementwise.binary(.multiply, input, scaleBlob, name: name + "_scaled", &builder)
        return Elementwise.binary(.add, scaled, shiftBlob, name: name, &builder)
    }
}
