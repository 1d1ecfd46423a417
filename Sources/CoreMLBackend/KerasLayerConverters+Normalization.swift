import CoreMLSpec
import CoreOps

extension KerasLayerConverters {
    /// LayerNormalization over any set of axes (the batch excluded). Trailing axes become Core ML's
    /// `layerNormalization` layer; other sets are lowered to means, differences and products.
    ///
    /// `gamma` and `beta` hold one value per position of the normalized axes, laid out in axis
    /// order (Keras reshapes them onto the input's rank that way).
    static func layerNormalization(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        guard context.bool("rms_scaling") != true else {
            throw failure(context, "rms_scaling is not supported (its formula differs between Keras releases)")
        }
        let inputShape = shape(builder, input)
        let rank = inputShape.count
        let listed = context.int("axis").map { [$0] } ?? context.config["axis"]?.array?.compactMap(\.int) ?? [-1]
        let axes = Set(listed.map { $0 < 0 ? $0 + rank : $0 }).sorted()
        guard !axes.isEmpty, axes.allSatisfy({ $0 >= 1 && $0 < rank }) else {
            throw failure(context, "axis \(listed) is not a set of non-batch axes of a rank-\(rank) input")
        }
        let (hasScale, hasCenter) = (context.bool("scale") ?? true, context.bool("center") ?? true)
        guard context.weights.count == (hasScale ? 1 : 0) + (hasCenter ? 1 : 0) else {
            throw failure(context, "unexpected weights (\(context.weights.count))")
        }
        let size = axes.reduce(1) { $0 * inputShape[$1] }
        let gamma = hasScale ? context.weights[0] : nil
        let beta = hasCenter ? context.weights[hasScale ? 1 : 0] : nil
        guard (gamma?.count ?? size) == size, (beta?.count ?? size) == size else {
            throw failure(context, "gamma and beta must hold \(size) values")
        }
        let epsilon = context.config["epsilon"]?.double ?? 1e-3
        let name = context.layer.name
        if axes == Array((rank - axes.count)..<rank) {
            return builder.add(name, inputs: [input], shape: inputShape) { layer in
                var params = CoreML_Specification_LayerNormalizationLayerParams()
                params.normalizedShape = axes.map { Int64(inputShape[$0]) }
                params.eps = Float(epsilon)
                params.gamma = WeightParams.floats(gamma ?? [Float](repeating: 1, count: size))
                params.beta = WeightParams.floats(beta ?? [Float](repeating: 0, count: size))
                layer.layerNormalization = params
            }
        }
        let mean = NDLayers.mean(input, axes: axes, name: name + "_mean", &builder)
        let centered = Elementwise.binary(.subtract, input, mean, name: name + "_centered", &builder)
        let squares = Elementwise.binary(.multiply, centered, centered, name: name + "_squares", &builder)
        let variance = NDLayers.mean(squares, axes: axes, name: name + "_variance", &builder)
        let scale = NDLayers.reciprocalSquareRoot(variance, epsilon: epsilon, name: name + "_rsqrt", &builder)
        let parameterShape = inputShape.indices.map { axes.contains($0) ? inputShape[$0] : 1 }
        var output = Elementwise.binary(
            .multiply, centered, scale, name: gamma == nil && beta == nil ? name : name + "_normalized", &builder)
        if let gamma {
            let factor = builder.constant(gamma.map(Double.init), shape: parameterShape, name: name + "_gamma")
            output = Elementwise.binary(
                .multiply, output, factor, name: beta == nil ? name : name + "_scaled", &builder)
        }
        if let beta {
            let shift = builder.constant(beta.map(Double.init), shape: parameterShape, name: name + "_beta")
            output = Elementwise.binary(.add, output, shift, name: name, &builder)
        }
        return output
    }

    /// `UnitNormalization(axis)`: tf.math.l2_normalize with Keras's epsilon 1e-12, lowered as the
    /// core op `l2_normalize` (what `delambda rewrite` writes for `K.l2_normalize` Lambdas).
    static func unitNormalization(_ context: ConversionContext, _ builder: inout NetworkBuilder)
        throws(CoreMLConversionError) -> String
    {
        let axes = context.config["axis"]?.int.map { [$0] } ?? context.config["axis"]?.array?.compactMap(\.int) ?? [-1]
        let graph = CoreOpGraph(
            inputCount: 1,
            nodes: [
                CoreOpGraph.Node(
                    op: "l2_normalize", operands: [.input(0)],
                    attributes: ["axis": axes.count == 1 ? .int(axes[0]) : .ints(axes), "epsilon": .float(1e-12)],
                    rule: nil)
            ], output: .node(0))
        var lowering = LambdaLowering(
            layerName: context.layer.name, className: context.layer.className, builder: builder)
        let output = try lowering.lower(graph, inputs: context.inputs)
        builder = lowering.builder
        return output
    }
}
