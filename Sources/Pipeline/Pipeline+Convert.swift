import CoreMLBackend
import CoreOps
import Foundation
import KerasModel

extension Pipeline {
    /// Converts the model at `path` into a Core ML model written atomically at `output`.
    /// - Throws: ``PipelineError``: not convertible (exit 1) naming each offending layer with its
    ///   source and residue; unusable input (exit 2).
    public static func convert(
        _ path: String, output: String, options: FunctionOptions = FunctionOptions(), rules: RuleOptions = RuleOptions()
    ) throws(PipelineError) -> ConvertReport {
        let input = URL(fileURLWithPath: path).standardizedFileURL
        let target = URL(fileURLWithPath: output).standardizedFileURL
        guard input.path != target.path else {
            throw PipelineError(.unusableInput, "\(output): refusing to overwrite the input")
        }
        let model = try readModel(path)
        let lambdas = try LambdaGraphs(model: model, options: options, rules: rules)
        let (graphs, problems, rulesUsed) = (lambdas.graphs, lambdas.problems, lambdas.rulesUsed)
        guard problems.isEmpty else {
            throw PipelineError(.notConvertible, "\(path): not convertible: " + problems.joined(separator: "; "))
        }
        let spec: CoreMLSpecModel
        let bytes: [UInt8]
        do {
            spec = try CoreMLConverter.convert(
                model, lambdas: graphs, description: "Converted by delambda from \(input.lastPathComponent)",
                metadata: [
                    "delambda.version": Pipeline.version, "delambda.rules": rulesUsed.joined(separator: ","),
                    "delambda.source": input.lastPathComponent,
                ])
            bytes = try spec.fileBytes()
        } catch {
            throw PipelineError(.notConvertible, "\(path): \(error)")
        }
        try AtomicFile.write(bytes, to: target)
        return ConvertReport(output: target.path, layers: spec.layerCount, lambdas: graphs.count, rules: rulesUsed)
    }
}

extension Pipeline {
    /// The version recorded in converted models' metadata.
    public static let version = "0.2.0"
}

/// What `convert` did.
public struct ConvertReport: Sendable {
    public var output: String
    public var layers: Int
    public var lambdas: Int
    public var rules: [String]
}

extension ModelGraph {
    /// Every layer with the graph it belongs to, nested models' layers included.
    var allLayersWithGraphs: [(Layer, ModelGraph)] {
        layers.flatMap { layer in [(layer, self)] + (layer.model?.allLayersWithGraphs ?? []) }
    }
}
