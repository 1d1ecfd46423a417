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
    /// returns the number of nodes. Neither file is left half-written. Large weights wait in a
    /// spool file beside the target (removed when done), so memory stays near the largest tensor.
    static func write(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: ONNXConversionOptions, to target: URL,
        input path: String
    ) throws(PipelineError) -> Int {
        let folder = target.deletingLastPathComponent()
        let dataFileName = target.lastPathComponent + ".data"
        let dataTarget = folder.appendingPathComponent(dataFileName)
        // The spool lives beside the output: a folder that cannot hold it cannot hold the output.
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw PipelineError(.unusableInput, "\(target.path): cannot write: no folder \(folder.path)")
        }
        let spool: ONNXWeightSpool
        do {
            spool = try ONNXWeightSpool(
                url: folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).weights.partial"))
        } catch {
            throw PipelineError(.unusableInput, "\(target.path): cannot write: \(error.message)")
        }
        let converted: ONNXSpooledModel
        do {
            converted = try ONNXConverter.convert(model, lambdas: lambdas, options: options, spool: spool)
        } catch {
            throw PipelineError(.notConvertible, "\(path): \(error)", location: .init(file: path), underlying: error)
        }
        let threshold = options.externalDataThreshold
        func writeModel(data: (Data) throws -> Void) throws(PipelineError) {
            try AtomicFile.stream(to: target) { (file) throws(PipelineError) in
                do {
                    try ONNXModelFile.write(
                        converted, spool: spool, dataFileName: dataFileName, threshold: threshold,
                        model: { try file.append(Array($0)) }, data: data)
                } catch {
                    throw PipelineError(
                        .notConvertible, "\(path): \(error)", location: .init(file: path), underlying: error)
                }
            }
        }
        if ONNXModelFile.needsDataFile(converted, threshold: threshold) {
            // The weights go out first, into the data file's own temporary file, which is renamed
            // into place after the model's.
            try AtomicFile.stream(to: dataTarget) { (dataFile) throws(PipelineError) in
                try writeModel { bytes in try dataFile.append(Array(bytes)) }
            }
        } else {
            try writeModel { _ in }
        }
        return converted.proto.graph.node.count
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
