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
    /// A classifier's labels and the blob of their probabilities.
    private let classifier: (labels: ClassLabels, blob: String)?

    /// Prepares a model for evaluation, looking up every layer's evaluator.
    /// - Throws: `CoreMLEvaluationError` when the model is not a neural network (or a neural
    ///   network classifier) or a layer kind has no reference evaluation.
    public init(model: CoreML_Specification_Model) throws(CoreMLEvaluationError) {
        let network: CoreML_Specification_NeuralNetwork
        switch model.type {
        case .neuralNetwork(let plain)?:
            network = plain
            classifier = nil
        case .neuralNetworkClassifier(let classifying)?:
            guard let labels = ClassLabels(classifying) else {
                throw CoreMLEvaluationError(problem: .invalidParameter("a classifier without class labels"))
            }
            var plain = CoreML_Specification_NeuralNetwork()
            plain.layers = classifying.layers
            plain.preprocessing = classifying.preprocessing
            plain.arrayInputShapeMapping = classifying.arrayInputShapeMapping
            plain.imageInputShapeMapping = classifying.imageInputShapeMapping
            network = plain
            // Without a layer name the probabilities are the last layer's output.
            let blob =
                classifying.labelProbabilityLayerName.isEmpty
                ? classifying.layers.last?.output.first ?? "" : classifying.labelProbabilityLayerName
            classifier = (labels, blob)
        default:
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
        self.preprocessor = try ImagePreprocessor(network: network, inputs: model.description_p.input)
    }

    /// Runs the network's layers in order and returns every output the model describes.
    /// - Parameter inputs: a tensor per model input, in the shape the description declares.
    /// - Returns: each model output by name.
    /// - Throws: `CoreMLEvaluationError` naming the layer that failed, or the input or output.
    public func predict(_ inputs: [String: Tensor]) throws(CoreMLEvaluationError) -> [String: Tensor] {
        try evaluate(inputs).outputs
    }

    /// A classifier's answer for `inputs`: the most probable label and each label's probability.
    /// - Throws: `CoreMLEvaluationError` when the model is not a classifier, or as ``predict(_:)``.
    public func classify(_ inputs: [String: Tensor]) throws(CoreMLEvaluationError) -> Classification {
        guard let classifier else { throw CoreMLEvaluationError(problem: .invalidParameter("not a classifier")) }
        let blobs = try evaluate(inputs).blobs
        guard let probabilities = blobs[classifier.blob] else {
            throw CoreMLEvaluationError(problem: .missingOutput(classifier.blob))
        }
        guard let answer = classifier.labels.classify(probabilities.values) else {
            throw CoreMLEvaluationError(
                problem: .invalidParameter(
                    "\(classifier.labels.count) class labels for '\(classifier.blob)' of \(probabilities.values.count) values"
                ))
        }
        return answer
    }

    /// Every output the model describes as a tensor (a classifier's probabilities as their blob;
    /// its label, not a tensor, left out) and every blob computed.
    private func evaluate(_ inputs: [String: Tensor]) throws(CoreMLEvaluationError)
        -> (outputs: [String: Tensor], blobs: [String: Tensor])
    {
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
            switch feature.type.type {
            case .stringType?, .int64Type?: continue
            default: break
            }
            guard let value = blobs[feature.name] else {
                throw CoreMLEvaluationError(problem: .missingOutput(feature.name))
            }
            outputs[feature.name] = preprocessor.presentOutput(value, for: feature)
        }
        return (outputs, blobs)
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
