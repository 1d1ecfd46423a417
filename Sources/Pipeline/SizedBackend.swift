import CoreMLBackend
import CoreOps
import KerasModel
import MLProgramBackend
import ONNXBackend

/// The backend whose output must not depend on the sizes of flexible inputs, with its options.
enum SizedBackend {
    case coreML(CoreMLConversionOptions)
    case onnx(ONNXConversionOptions)
    /// An ML Program, whose values declare their shapes: `shapes` keeps every size seen.
    case mlProgram(MLProgramOptions, MILShapeLog)

    /// The backend's refusals, for the Lambdas rewritten at other sizes.
    var check: BackendCheck {
        switch self {
        case .onnx: return .onnx
        case .mlProgram: return .mlProgram
        case .coreML: return .coreML
        }
    }

    /// What the output is made of, for messages.
    var parts: String {
        switch self {
        case .onnx: return "ONNX nodes"
        case .mlProgram: return "ML Program operations"
        case .coreML: return "Core ML layers"
        }
    }

    /// The same backend converting with `sizes` as the default shapes of those inputs.
    func at(_ sizes: [String: [Int]]) -> SizedBackend {
        switch self {
        case .coreML(var options):
            for (name, shape) in sizes { options.inputShapes[name]?.defaultShape = shape }
            return .coreML(options)
        case .mlProgram(var options, let log):
            for (name, shape) in sizes { options.inputShapes[name]?.defaultShape = shape }
            return .mlProgram(options, log)
        case .onnx:
            return self
        }
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
            return Self.owned(digests, model: model)
        case .mlProgram(let options, let log):
            let digests: [MILValueDigest]
            do {
                digests = try MLProgramConverter.digests(model, lambdas: graphs, options: options)
            } catch {
                throw SizedBackendError(layer: error.layer, message: error.message, description: error.description)
            }
            log.record(digests.flatMap(\.shapes))
            return Self.owned(digests.map { ($0.name, $0.hash) }, model: model)
        }
    }

    /// Digests of nodes or operations named after the Keras layer that made them: the longest
    /// layer name that starts the node's owns it. A value named after no layer (an ML Program's
    /// shared `const_N`) belongs to the next one that is: constants are made just before their use.
    private static func owned(_ digests: [(name: String, hash: Int)], model: KerasModel) -> [LayerDigest] {
        let names = model.graph.allLayers.map(\.name).sorted { $0.count > $1.count }
        var owners = digests.map { digest in names.first { digest.name.hasPrefix($0) } }
        var next: String?
        for index in owners.indices.reversed() {
            if let owner = owners[index] { next = owner } else { owners[index] = next }
        }
        return zip(digests, owners).map { digest, owner in
            LayerDigest(kerasLayer: owner ?? digest.name, name: digest.name, hash: digest.hash)
        }
    }
}

/// Every size each value of an ML Program took over the size check's conversions: the axes
/// whose size changed are the ones the program declares of unknown size.
final class MILShapeLog: @unchecked Sendable {
    private var shapes: [String: [Int]] = [:]
    private var varying: [String: Set<Int>] = [:]

    func record(_ values: [(name: String, shape: [Int])]) {
        for (name, shape) in values {
            guard let earlier = shapes[name] else {
                shapes[name] = shape
                continue
            }
            for axis in shape.indices where axis >= earlier.count || earlier[axis] != shape[axis] {
                varying[name, default: []].insert(axis)
            }
        }
    }

    /// The axes seen to change, by value name.
    var unknownDimensions: [String: Set<Int>] { varying }
}

/// A backend's refusal during the size check, whichever backend it came from.
struct SizedBackendError: Error {
    var layer: String
    var message: String
    var description: String
}
