import CoreMLBackend
import CoreOps
import Foundation
import KerasModel

extension Pipeline {
    /// Converts the model at `path` into a Core ML model written atomically at `output`;
    /// `imageInputs` declares inputs that take images (with their scale and bias).
    /// - Throws: ``PipelineError``: not convertible (exit 1) naming each offending layer with its
    ///   source and residue; unusable input (exit 2).
    public static func convert(
        _ path: String, output: String, options: FunctionOptions = FunctionOptions(),
        rules: RuleOptions = RuleOptions(),
        imageInputs: [ImageInput] = []
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
        let conversion = CoreMLConversionOptions(
            description: "Converted by delambda from \(input.lastPathComponent)",
            metadata: [
                "delambda.version": Pipeline.version, "delambda.rules": rulesUsed.joined(separator: ","),
                "delambda.source": input.lastPathComponent,
            ],
            imageInputs: imageInputs)
        // The model is written as it is converted, one layer at a time, and renamed into place
        // only when complete.
        let summary = try AtomicFile.stream(to: target) { file throws(PipelineError) in
            do {
                return try CoreMLConverter.write(model, lambdas: graphs, options: conversion, to: file)
            } catch {
                throw PipelineError(.notConvertible, "\(path): \(error)")
            }
        }
        return ConvertReport(
            output: target.path, layers: summary.layers, lambdas: graphs.count, rules: rulesUsed,
            specificationVersion: Int(summary.specificationVersion))
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
    public var specificationVersion: Int
}

/// An input declared as an image (see ``CoreMLBackend/ImageInput``).
public typealias ImageInput = CoreMLBackend.ImageInput

extension ModelGraph {
    /// Every layer with the graph it belongs to, nested models' layers included.
    var allLayersWithGraphs: [(Layer, ModelGraph)] {
        layers.flatMap { layer in [(layer, self)] + (layer.model?.allLayersWithGraphs ?? []) }
    }
}
