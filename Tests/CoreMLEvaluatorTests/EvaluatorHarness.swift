import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation

/// Builds one-layer (or few-layer) models and runs them through the evaluator.
enum EvaluatorHarness {
    typealias Layer = CoreML_Specification_NeuralNetworkLayer

    /// A layer reading `inputs` and writing `outputs`, configured by `configure`.
    static func layer(
        _ name: String = "layer", inputs: [String] = ["x"], outputs: [String] = ["y"],
        _ configure: (inout Layer) -> Void
    ) -> Layer {
        var layer = Layer()
        layer.name = name
        layer.input = inputs
        layer.output = outputs
        configure(&layer)
        return layer
    }

    /// A model with exact shape mapping whose inputs take the given tensors' shapes.
    static func model(
        _ layers: [Layer], inputs: [String: Tensor], outputs: [String]
    ) -> CoreML_Specification_Model {
        var model = CoreML_Specification_Model()
        model.specificationVersion = 4
        for (name, tensor) in inputs.sorted(by: { $0.key < $1.key }) {
            var feature = CoreML_Specification_FeatureDescription()
            feature.name = name
            feature.type.multiArrayType.shape = tensor.shape.map { Int64($0) }
            feature.type.multiArrayType.dataType = .float32
            model.description_p.input.append(feature)
        }
        for name in outputs {
            var feature = CoreML_Specification_FeatureDescription()
            feature.name = name
            feature.type.multiArrayType.dataType = .float32
            model.description_p.output.append(feature)
        }
        model.neuralNetwork.layers = layers
        model.neuralNetwork.arrayInputShapeMapping = .exactArrayMapping
        return model
    }

    /// Runs the layers on the inputs and returns the named output.
    static func run(
        _ layers: [Layer], _ inputs: [String: Tensor], output: String = "y"
    ) throws -> Tensor {
        let evaluator = try CoreMLEvaluator(model: model(layers, inputs: inputs, outputs: [output]))
        guard let result = try evaluator.predict(inputs)[output] else { throw HarnessError.noOutput }
        return result
    }

    /// Runs one layer reading `x` (and `x2`, `x3` when given) and writing `y`.
    static func run(_ layer: Layer, _ inputs: Tensor...) throws -> Tensor {
        let names = ["x", "x2", "x3"]
        var table: [String: Tensor] = [:]
        for (index, input) in inputs.enumerated() { table[names[index]] = input }
        var wired = layer
        wired.input = Array(names.prefix(inputs.count))
        return try run([wired], table)
    }

    /// Float32 weights.
    static func weights(_ values: [Double]) -> CoreML_Specification_WeightParams {
        var blob = CoreML_Specification_WeightParams()
        blob.floatValue = values.map { Float($0) }
        return blob
    }

    /// A tensor, trapping on a malformed shape (test data only).
    static func tensor(_ shape: [Int], _ values: [Double]) -> Tensor {
        do { return try Tensor(shape: shape, values: values) } catch {
            preconditionFailure("bad test tensor: \(error)")
        }
    }

    /// `0, 1, 2, ...` (scaled and shifted) in the given shape.
    static func ramp(_ shape: [Int], scale: Double = 1, shift: Double = 0) -> Tensor {
        tensor(shape, (0..<shape.reduce(1, *)).map { Double($0) * scale + shift })
    }

    enum HarnessError: Error { case noOutput }
}

/// Whether two tensors agree in shape and values within `tolerance`.
func close(_ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-9) -> Bool {
    actual.isApproximatelyEqual(to: expected, tolerance: tolerance)
}
