import CoreOps
import Foundation
import KerasModel
import ONNXBackend

/// `convert -o OUT.onnx`: the layer classes the ONNX backend lacks (named before it runs, beside
/// the Lambdas), and the model and its external data written atomically.
enum ONNXOutput {
    /// One failure per layer of a class the ONNX backend has no converter for, in the model's order.
    static func classFailures(in model: KerasModel) -> [LayerFailure] {
        var failures: [LayerFailure] = []
        LayerClassSupport.walk(model.graph, owner: nil) { layer, _ in
            guard layer.className != "InputLayer", layer.model == nil, layer.function == nil,
                !ONNXSupport.converts(layerClass: layer.className)
            else { return }
            failures.append(
                LayerFailure(
                    layer: layer.name, className: layer.className,
                    message:
                        "layer '\(layer.name)' (\(layer.className)): layer class '\(layer.className)' is not supported "
                        + "yet (no ONNX converter)"))
        }
        return failures
    }

    /// Converts and writes the model at `target` (and `target.data` when its weights need it);
    /// returns the number of nodes. Neither file is left half-written.
    static func write(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: ONNXConversionOptions, to target: URL,
        input path: String
    ) throws(PipelineError) -> Int {
        let file: ONNXModelFile
        do {
            let proto = try ONNXConverter.convert(model, lambdas: lambdas, options: options)
            file = try ONNXModelFile.serialize(
                proto, dataFileName: target.lastPathComponent + ".data", threshold: options.externalDataThreshold)
        } catch {
            throw PipelineError(.notConvertible, "\(path): \(error)", location: .init(file: path), underlying: error)
        }
        let dataTarget = target.deletingLastPathComponent().appendingPathComponent(file.dataFileName)
        if let data = file.data { try AtomicFile.write(Array(data), to: dataTarget) }
        do {
            try AtomicFile.write(Array(file.model), to: target)
        } catch {
            if file.data != nil { try? FileManager.default.removeItem(at: dataTarget) }
            throw error
        }
        return file.nodes
    }
}

extension BackendCheck {
    /// The ONNX backend of `convert -o x.onnx`, with the reasons of its `refusals` table.
    static let onnx = BackendCheck(name: "ONNX") { graph in
        ONNXSupport.refusals(in: graph).map { refusal in
            let prefix = refusal.op + ": "
            return (
                refusal.op,
                refusal.reason.hasPrefix(prefix) ? String(refusal.reason.dropFirst(prefix.count)) : refusal.reason
            )
        }
    }
}
