import CoreOps

extension KerasLayerConverters {
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
