import CoreMLSpec
import CoreOps
import HDF5
import KerasModel

/// Converts a whole Keras model, whose Lambdas have been rewritten into core-op graphs, into a
/// Core ML neural network (spec version 4: the ND layers).
///
/// Interface: each Keras input becomes a Float32 multi-array input of the Keras shape with the
/// batch dimension fixed to 1 (`[1, 8, 8, 3]`); each Keras output an output of the same name.
public struct CoreMLConverter {
    public static let specificationVersion: Int32 = 4

    let model: KerasModel
    let lambdas: [String: CoreOpGraph]
    let file: HDF5File

    /// Converts `model`; `lambdas` holds the core-op graph of every Lambda-like layer by name;
    /// `metadata` goes into the model's user-defined metadata (the converter version, the rules
    /// that fired).
    public static func convert(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], description: String, metadata: [String: String] = [:]
    ) throws(CoreMLConversionError) -> CoreML_Specification_Model {
        let file: HDF5File
        do {
            file = try HDF5File.open(model.file)
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot reopen \(model.file): \(error)")
        }
        let converter = CoreMLConverter(model: model, lambdas: lambdas, file: file)
        var spec = try converter.build(description: description)
        for (key, value) in metadata { spec.description_p.metadata.userDefined[key] = value }
        return spec
    }

    private func build(description text: String) throws(CoreMLConversionError) -> CoreML_Specification_Model {
        var builder = NetworkBuilder()
        var description = CoreML_Specification_ModelDescription()
        var blobs: [TensorReference: String] = [:]
        for input in model.graph.inputs {
            let shape = try inputShape(of: input.layer)
            builder.reserve(input.layer, shape: shape)
            blobs[input] = input.layer
            description.input.append(Self.feature(input.layer, shape: shape))
        }
        var failures: [CoreMLConversionError] = []
        convert(model.graph, owner: nil, blobs: &blobs, builder: &builder, failures: &failures)
        guard failures.isEmpty else {
            // Every layer that cannot be converted is named, not only the first.
            throw CoreMLConversionError(
                layer: "", className: "", message: failures.map(\.description).joined(separator: "; "))
        }
        for output in model.graph.outputs {
            guard var blob = blobs[output] else {
                throw CoreMLConversionError(layer: output.layer, className: "", message: "output was not computed")
            }
            if blob != output.layer || model.graph.inputs.contains(where: { $0.layer == output.layer }) {
                blob = Activations.activation(blob, name: output.layer, &builder) { params in
                    var linear = CoreML_Specification_ActivationLinear()
                    linear.alpha = 1
                    params.linear = linear
                }
            }
            description.output.append(Self.feature(blob, shape: builder.shapes[blob] ?? []))
        }
        description.metadata.shortDescription = text
        description.metadata.versionString = "delambda"
        var network = CoreML_Specification_NeuralNetwork()
        network.layers = builder.layers
        network.arrayInputShapeMapping = .exactArrayMapping
        var spec = CoreML_Specification_Model()
        spec.specificationVersion = Self.specificationVersion
        spec.description_p = description
        spec.neuralNetwork = network
        return spec
    }

    private func inputShape(of name: String) throws(CoreMLConversionError) -> [Int] {
        guard let layer = model.graph.layer(named: name) else {
            throw CoreMLConversionError(layer: name, className: "InputLayer", message: "no such input layer")
        }
        let declared =
            layer.config["batch_input_shape"]?.array ?? layer.config["batch_shape"]?.array
            ?? layer.config["batchInputShape"]?.array ?? []
        var shape = [1]
        for dimension in declared.dropFirst() {
            guard let size = dimension.int else {
                throw CoreMLConversionError(
                    layer: name, className: "InputLayer", message: "dimensions other than the batch must be known")
            }
            shape.append(size)
        }
        return shape
    }

    static func feature(_ name: String, shape: [Int]) -> CoreML_Specification_FeatureDescription {
        var array = CoreML_Specification_ArrayFeatureType()
        array.shape = shape.map(Int64.init)
        array.dataType = .float32
        var type = CoreML_Specification_FeatureType()
        type.multiArrayType = array
        var feature = CoreML_Specification_FeatureDescription()
        feature.name = name
        feature.type = type
        return feature
    }
}
