import CoreMLSpec
import CoreOps
import HDF5
import KerasModel

/// Converts a whole Keras model, whose Lambdas have been rewritten into core-op graphs, into a
/// Core ML neural network (ND layers: specification version 4, or 5 where a layer needs it).
///
/// Interface: each Keras input becomes a Float32 multi-array input of the Keras shape with the
/// batch dimension fixed to 1 (`[1, 8, 8, 3]`); each Keras output an output of the same name.
public struct CoreMLConverter {
    let model: KerasModel
    let lambdas: [String: CoreOpGraph]
    let file: HDF5File

    /// Converts `model` into a whole model in memory; `lambdas` holds the core-op graph of every
    /// Lambda-like layer by name.
    public static func convert(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: CoreMLConversionOptions = .init()
    ) throws(CoreMLConversionError) -> CoreML_Specification_Model {
        let collection = LayerCollection()
        let stream = LayerStream { collection.append($0) }
        stream.halfPrecisionWeights = options.halfPrecisionWeights
        var spec = try converter(model, lambdas: lambdas).build(options, stream: stream)
        if case .neuralNetworkClassifier = spec.type {
            spec.neuralNetworkClassifier.layers = collection.layers
        } else {
            spec.neuralNetwork.layers = collection.layers
        }
        return spec
    }

    /// Converts `model` straight into a model file written to `output`, one layer at a time: no
    /// more than one layer's weights are held in memory.
    public static func write(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: CoreMLConversionOptions = .init(),
        to output: any ModelOutput
    ) throws(CoreMLConversionError) -> CoreMLWriteSummary {
        let background = BackgroundLayerWriter(
            try ModelFileWriter(output, classifier: options.interface.classLabels != nil))
        let stream = LayerStream { layer throws(CoreMLConversionError) in try background.submit(layer) }
        stream.halfPrecisionWeights = options.halfPrecisionWeights
        let built: Result<CoreML_Specification_Model, CoreMLConversionError>
        do throws(CoreMLConversionError) {
            built = .success(try converter(model, lambdas: lambdas).build(options, stream: stream))
        } catch {
            built = .failure(error)
        }
        // The writing thread is joined on every path, failed conversions included.
        var writer = try background.finish()
        let envelope = try built.get()
        try writer.finish(envelope)
        return CoreMLWriteSummary(
            layers: stream.count, specificationVersion: envelope.specificationVersion, bytes: writer.written)
    }

    static func converter(_ model: KerasModel, lambdas: [String: CoreOpGraph]) throws(CoreMLConversionError)
        -> CoreMLConverter
    {
        do {
            return CoreMLConverter(model: model, lambdas: lambdas, file: try model.openWeights())
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot reopen \(model.file): \(error)")
        }
    }

    /// Converts every layer into `stream`; returns the model without its layers.
    func build(_ options: CoreMLConversionOptions, stream: LayerStream) throws(CoreMLConversionError)
        -> CoreML_Specification_Model
    {
        var builder = NetworkBuilder(stream: stream)
        builder.flexible = options.inputShapes.values.contains(where: \.isFlexible)
        builder.flexibleBatch = options.inputShapes.values.contains(where: \.hasFlexibleBatch)
        var description = CoreML_Specification_ModelDescription()
        var network = CoreML_Specification_NeuralNetwork()
        var blobs: [TensorReference: String] = [:]
        if let problem = ImageInput.unknownNames(options.imageInputs, inputs: model.graph.inputs.map(\.layer)) {
            throw CoreMLConversionError(layer: "", className: "", message: problem)
        }
        let inputNames = model.graph.inputs.map { options.interface.inputName($0.layer) }
        for (input, name) in zip(model.graph.inputs, inputNames) {
            let flexible = options.inputShapes[input.layer]
            let shape: [Int]
            if let flexible { shape = flexible.defaultShape } else { shape = try inputShape(of: input.layer) }
            if let image = options.imageInputs.first(where: { $0.name == input.layer }) {
                var (feature, blob) = try imageInput(image, named: name, shape: shape, &builder, &network)
                if let flexible, let problem = image.applySizes(of: flexible, to: &feature.type) {
                    throw CoreMLConversionError(layer: input.layer, className: "InputLayer", message: problem)
                }
                description.input.append(feature)
                blobs[input] = blob
            } else {
                builder.reserve(name, shape: shape)
                blobs[input] = name
                description.input.append(Self.feature(name, shape: shape, flexibility: flexible))
            }
        }
        var failures: [CoreMLConversionError] = []
        convert(model.graph, blobs: &blobs, builder: &builder, failures: &failures)
        guard failures.isEmpty else {
            // Every layer that cannot be converted is named, not only the first.
            throw CoreMLConversionError(
                layer: "", className: "", message: failures.map(\.description).joined(separator: "; "))
        }
        let outputBlobs = model.graph.outputs.compactMap { blobs[$0] }
        var outputNames: [String] = []
        for output in model.graph.outputs {
            guard var blob = blobs[output] else {
                throw CoreMLConversionError(layer: output.layer, className: "", message: "output was not computed")
            }
            let name = options.interface.outputName(output.layer)
            // A layer not written yet is written under the output's name rather than copied to it.
            if blob != name, outputBlobs.filter({ $0 == blob }).count == 1, builder.rename(blob, to: name) {
                blob = name
            }
            if blob != name || inputNames.contains(name) {
                blob = Activations.activation(blob, name: name, &builder) { params in
                    var linear = CoreML_Specification_ActivationLinear()
                    linear.alpha = 1
                    params.linear = linear
                }
            }
            builder.flush(blob)
            // Outputs of a model with flexible inputs have no one shape to declare.
            description.output.append(Self.feature(blob, shape: builder.flexible ? [] : builder.shapes[blob] ?? []))
            outputNames.append(blob)
        }
        if let failure = stream.failure { throw failure }
        description.metadata.shortDescription = options.description
        description.metadata.versionString = "delambda"
        for (key, value) in options.metadata { description.metadata.userDefined[key] = value }
        network.arrayInputShapeMapping = .exactArrayMapping
        var spec = CoreML_Specification_Model()
        spec.specificationVersion = stream.specificationVersion
        if let labels = options.interface.classLabels, let probabilities = outputNames.first {
            // The first output's probabilities, one per label (checked against its size before).
            labels.apply(to: &description, probabilities: probabilities)
            var classifier = CoreML_Specification_NeuralNetworkClassifier()
            classifier.preprocessing = network.preprocessing
            classifier.arrayInputShapeMapping = network.arrayInputShapeMapping
            classifier.imageInputShapeMapping = network.imageInputShapeMapping
            labels.apply(to: &classifier)
            classifier.labelProbabilityLayerName = probabilities
            spec.neuralNetworkClassifier = classifier
        } else {
            spec.neuralNetwork = network
        }
        options.interface.apply(to: &description)
        spec.description_p = description
        return spec
    }
}
