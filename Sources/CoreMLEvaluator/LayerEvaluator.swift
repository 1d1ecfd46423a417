import CoreMLSpec
import CoreOps

/// The reference evaluation of one Core ML layer kind: reads the kind's parameters from the layer
/// and computes the output tensors from the input tensors.
struct LayerEvaluator: Sendable {
    /// The Swift spelling of the `layer` oneof case this evaluator handles (`innerProduct`).
    let kind: String
    /// Computes the layer's outputs, in the order of `layer.output`.
    let evaluate:
        @Sendable (CoreML_Specification_NeuralNetworkLayer, LayerContext) throws(CoreMLEvaluationError) -> [Tensor]

    /// An evaluator whose body gets the kind's parameter message.
    static func make<Params>(
        _ kind: String,
        _ params: KeyPath<CoreML_Specification_NeuralNetworkLayer, Params> & Sendable,
        _ body: @escaping @Sendable (Params, LayerContext) throws(CoreMLEvaluationError) -> [Tensor]
    ) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (layer, context) throws(CoreMLEvaluationError) -> [Tensor] in
            try body(layer[keyPath: params], context)
        }
    }

    /// An evaluator of a one-output layer whose body gets the kind's parameter message.
    static func single<Params>(
        _ kind: String,
        _ params: KeyPath<CoreML_Specification_NeuralNetworkLayer, Params> & Sendable,
        _ body: @escaping @Sendable (Params, LayerContext) throws(CoreMLEvaluationError) -> Tensor
    ) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (layer, context) throws(CoreMLEvaluationError) -> [Tensor] in
            [try body(layer[keyPath: params], context)]
        }
    }

    /// An evaluator of a parameterless one-input layer that maps each element.
    static func elementwise(_ kind: String, _ function: @escaping @Sendable (Double) -> Double) -> LayerEvaluator {
        LayerEvaluator(kind: kind) { (_, context) throws(CoreMLEvaluationError) -> [Tensor] in
            [try context.single().map(function)]
        }
    }

    /// The kind of a layer: the label of its `layer` oneof case, or `nil` when none is set.
    static func kind(of layer: CoreML_Specification_NeuralNetworkLayer) -> String? {
        guard let value = layer.layer else { return nil }
        return Mirror(reflecting: value).children.first?.label
    }
}

/// Every layer kind with a reference evaluation, keyed by kind.
enum LayerEvaluatorRegistry {
    /// The table the evaluator looks layers up in; its `duplicates` lists a kind two groups
    /// evaluate (tests require none).
    static let standard: OpTable<LayerEvaluator> = {
        let groups: [[LayerEvaluator]] = [
            LayerEvaluator.elementwiseEvaluators,
            LayerEvaluator.binaryEvaluators,
            LayerEvaluator.activationEvaluators,
            LayerEvaluator.layoutEvaluators,
            LayerEvaluator.sourceEvaluators,
            LayerEvaluator.sliceEvaluators,
            LayerEvaluator.reductionEvaluators,
            LayerEvaluator.linearEvaluators,
            LayerEvaluator.convolutionEvaluators,
            LayerEvaluator.imageEvaluators,
            LayerEvaluator.resamplingEvaluators,
            LayerEvaluator.normalizationEvaluators,
            LayerEvaluator.recurrentEvaluators,
            LayerEvaluator.selectionEvaluators,
        ]
        return OpTable(indexing: groups.joined(), by: \.kind)
    }()
}
