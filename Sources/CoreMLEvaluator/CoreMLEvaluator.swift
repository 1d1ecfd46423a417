import CoreMLSpec
import CoreOps

/// A reference evaluator of Core ML neural networks, written from the semantics that Apple's
/// `NeuralNetwork.proto` documents, so that converted models can be checked numerically where
/// Core ML itself does not run (Linux).
///
/// It is an oracle: each layer follows the specification's description, not the intentions of
/// the converter that wrote the model. Computation is in double precision; Core ML computes in
/// float32 (or float16 on the GPU/ANE), so comparisons need a float32-sized tolerance.
///
/// Shapes: `predict` takes each input with the shape the model description declares (a
/// multi-array's `shape`; an image as `[C, H, W]`). With the legacy rank-5 mapping (the default
/// before specification 4) a declared `[C]` or `[C, H, W]` input reaches the layers as
/// `[1, 1, C, 1, 1]` or `[1, 1, C, H, W]`, and outputs are returned in their declared shape when
/// the element counts agree; with the exact mapping tensors pass through unchanged.
public struct CoreMLEvaluator: Sendable {
    private struct Step: Sendable {
        let layer: CoreML_Specification_NeuralNetworkLayer
        let index: Int
        let evaluator: LayerEvaluator
    }

    private let model: CoreML_Specification_Model
    private let steps: [Step]
    private let preprocessor: ImagePreprocessor

    /// Prepares a model for evaluation, looking up every layer's evaluator.
    /// - Throws: `CoreMLEvaluationError` when the model is not a neural network or a layer kind
    ///   has no reference evaluation.
    public init(model: CoreML_Specification_Model) throws(CoreMLEvaluationError) {
        guard case .neuralNetwork(let network)? = model.type else {
            throw CoreMLEvaluationError(problem: .notANeuralNetwork)
        }
        var steps: [Step] = []
        for (index, layer) in network.layers.enumerated() {
            let kind = LayerEvaluator.kind(of: layer) ?? "none"
            guard let evaluator = LayerEvaluatorRegistry.standard[kind] else {
                throw CoreMLEvaluationError(
                    layer: layer.name, kind: kind, index: index, problem: .unsupported("layer kind '\(kind)'"))
            }
            steps.append(Step(layer: layer, index: index, evaluator: evaluator))
        }
        self.model = model
        self.steps = steps
        self.preprocessor = try ImagePreprocessor(model: model)
    }

    /// Runs the network's layers in order and returns every output the model describes.
    /// - Parameter inputs: a tensor per model input, in the shape the description declares.
    /// - Returns: each model output by name.
    /// - Throws: `CoreMLEvaluationError` naming the layer that failed, or the input or output.
    public func predict(_ inputs: [String: Tensor]) throws(CoreMLEvaluationError) -> [String: Tensor] {
        var blobs: [String: Tensor] = [:]
        for feature in model.description_p.input {
            guard let value = inputs[feature.name] else {
                throw CoreMLEvaluationError(problem: .missingInput(feature.name))
            }
            blobs[feature.name] = try preprocessor.prepare(value, for: feature)
        }
        for step in steps {
            try run(step, on: &blobs)
        }
        var outputs: [String: Tensor] = [:]
        for feature in model.description_p.output {
            guard let value = blobs[feature.name] else {
                throw CoreMLEvaluationError(problem: .missingOutput(feature.name))
            }
            outputs[feature.name] = preprocessor.presentOutput(value, for: feature)
        }
        return outputs
    }

    private func run(_ step: Step, on blobs: inout [String: Tensor]) throws(CoreMLEvaluationError) {
        let layer = step.layer
        var inputs: [Tensor] = []
        for name in layer.input {
            guard let blob = blobs[name] else {
                throw CoreMLEvaluationError(
                    layer: layer.name, kind: step.evaluator.kind, index: step.index, problem: .missingBlob(name))
            }
            inputs.append(blob)
        }
        let context = LayerContext(
            name: layer.name, kind: step.evaluator.kind, index: step.index, inputs: inputs,
            outputCount: layer.output.count)
        let results = try step.evaluator.evaluate(layer, context)
        guard results.count == layer.output.count else {
            throw context.fail(.wrongArity("produces \(results.count) outputs, declares \(layer.output.count)"))
        }
        for (name, value) in zip(layer.output, results) {
            blobs[name] = value
        }
    }
}
