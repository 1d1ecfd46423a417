import CoreMLSpec
import Foundation

/// The `.mlmodel` files in `Fixtures/coreml/`, made by `Proto/CoreML/make_reference_models.py`.
enum CoreMLFixtures {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/coreml")

    static func url(_ name: String) -> URL {
        folder.appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    static func model(_ name: String) throws -> CoreML_Specification_Model {
        try CoreML_Specification_Model(serializedBytes: bytes(name))
    }
}

extension CoreML_Specification_NeuralNetworkLayer {
    /// The name of the `layer` oneof case that is set, as spelled in Swift (`innerProduct`, `sliceStatic`).
    var kind: String {
        guard let layer else { return "none" }
        return Mirror(reflecting: layer).children.first?.label ?? "unknown"
    }

    /// How many float weights the layer stores, over all of its weight blobs.
    var weightCount: Int {
        let blobs: [CoreML_Specification_WeightParams]
        switch layer {
        case .convolution(let params): blobs = [params.weights, params.bias]
        case .innerProduct(let params): blobs = [params.weights, params.bias]
        case .batchnorm(let params): blobs = [params.gamma, params.beta, params.mean, params.variance]
        default: blobs = []
        }
        return blobs.reduce(0) { $0 + $1.floatValue.count }
    }
}
