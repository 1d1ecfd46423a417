import CoreMLBackend
import CoreOps
import KerasModel
import ONNXBackend

/// The backend whose output must not depend on the sizes of flexible inputs, with its options.
enum SizedBackend {
    case coreML(CoreMLConversionOptions)
    case onnx(ONNXConversionOptions)

    /// The backend's refusals, for the Lambdas rewritten at other sizes.
    var check: BackendCheck {
        if case .onnx = self { return .onnx }
        return .coreML
    }

    /// What the output is made of, for messages.
    var parts: String {
        if case .onnx = self { return "ONNX nodes" }
        return "Core ML layers"
    }

    /// The digests of what `model` converts to, in order.
    func digests(_ model: KerasModel, graphs: [String: CoreOpGraph]) throws(SizedBackendError) -> [LayerDigest] {
        switch self {
        case .coreML(let options):
            do {
                return try CoreMLConverter.layerDigests(model, lambdas: graphs, options: options)
            } catch {
                throw SizedBackendError(layer: error.layer, message: error.message, description: error.description)
            }
        case .onnx(let options):
            let digests: [(name: String, hash: Int)]
            do {
                digests = try ONNXConverter.digests(model, lambdas: graphs, options: options)
            } catch {
                throw SizedBackendError(layer: error.layer, message: error.message, description: error.description)
            }
            // Node names start with the Keras layer's: the longest such name owns the node.
            let names = model.graph.allLayers.map(\.name).sorted { $0.count > $1.count }
            return digests.map { digest in
                LayerDigest(
                    kerasLayer: names.first { digest.name.hasPrefix($0) } ?? digest.name, name: digest.name,
                    hash: digest.hash)
            }
        }
    }
}

/// A backend's refusal during the size check, whichever backend it came from.
struct SizedBackendError: Error {
    var layer: String
    var message: String
    var description: String
}
