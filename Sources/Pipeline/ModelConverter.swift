import CoreMLBackend
import CoreOps
import Foundation
import KerasModel
import RuleFiles

/// Converts models one after another with the same options, loading the rule library once:
/// what `convert` does for one model and a `bulk` worker for many.
final class ModelConverter {
    let options: FunctionOptions
    var rules: RuleOptions { loader.rules }
    let imageInputs: [ImageInput]
    /// The rule library, loaded for the first model that needs it (its `rules` stage only).
    let loader: RuleLibraryLoader

    init(options: FunctionOptions, rules: RuleOptions, imageInputs: [ImageInput] = []) {
        self.options = options
        self.imageInputs = imageInputs
        loader = RuleLibraryLoader(rules: rules)
    }

    /// Converts the model at `path` to a Core ML model at `output`; never throws: the record says
    /// what happened and where it stopped.
    func convert(_ path: String, output: String) -> ModelRecord {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        var record = ModelRecord(input: path, output: target.path, target: "mlmodel", status: .converted)
        do throws(ConversionFailure) {
            try convertStages(path, target: target, record: &record)
        } catch {
            record.status = error.status
            record.reason = error.error.message
        }
        return record
    }

    private func convertStages(_ path: String, target: URL, record: inout ModelRecord) throws(ConversionFailure) {
        guard URL(fileURLWithPath: path).standardizedFileURL.path != target.path else {
            throw ConversionFailure(.failed, "\(target.path): refusing to overwrite the input")
        }
        if let problem = InputFile.openingProblem(path) { throw ConversionFailure(.unreadable, problem) }
        let model = try record.time("read") { () throws(ConversionFailure) in
            do throws(PipelineError) { return try Pipeline.readModel(path) } catch {
                throw ConversionFailure(.corrupt, error)
            }
        }
        var graphs: [String: CoreOpGraph] = [:]
        if rules.needed(for: model) {
            let library = try record.time("rules") { () throws(ConversionFailure) in
                do throws(PipelineError) { return try self.loader.library() } catch {
                    throw ConversionFailure(.failed, error)
                }
            }
            let lambdas = LambdaConversion(
                recoverer: LambdaRecoverer(options: options, kerasVersion: model.kerasVersion),
                rewriter: LambdaRewriter(library: library, options: rules.engineOptions))
            graphs = lambdas.convert(model, record: &record).graphs
        }
        let failures = record.layerFailures
        guard failures.isEmpty else {
            throw ConversionFailure(
                .unsupported,
                PipelineError(
                    notConvertible: "\(path): not convertible", failures: failures, location: .init(file: path)))
        }
        let source = URL(fileURLWithPath: path).lastPathComponent
        let conversion = CoreMLConversionOptions(
            description: "Converted by delambda from \(source)",
            metadata: [
                "delambda.version": Pipeline.version, "delambda.rules": record.rules.joined(separator: ","),
                "delambda.source": source,
            ],
            imageInputs: imageInputs)
        // Converted and written in one pass, a layer at a time, into a temporary file renamed
        // into place only when complete.
        let summary = try record.time("backend") { () throws(ConversionFailure) in
            do throws(PipelineError) {
                return try AtomicFile.stream(to: target) { file throws(PipelineError) in
                    do {
                        return try CoreMLConverter.write(model, lambdas: graphs, options: conversion, to: file)
                    } catch {
                        throw PipelineError(
                            .notConvertible, "\(path): \(error)", location: .init(file: path), underlying: error)
                    }
                }
            } catch {
                throw ConversionFailure(error.exitCode == 1 ? .unsupported : .failed, error)
            }
        }
        record.outputLayers = summary.layers
        record.specificationVersion = Int(summary.specificationVersion)
    }
}
