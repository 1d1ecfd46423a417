import CoreMLBackend
import CoreMLSpec
import CoreOps
import Foundation
import KerasModel
import MLProgramBackend
import ONNXBackend
import RuleFiles

/// Converts models one after another with the same options, loading the rule library once:
/// what `convert` does for one model and a `bulk` worker for many.
final class ModelConverter {
    let options: FunctionOptions
    var rules: RuleOptions { loader.rules }
    let imageInputs: [ImageInput]
    /// `--input-shape` and `--batch`.
    let inputShapes: InputShapeOptions
    /// The opset of `.onnx` outputs.
    let opset: ONNXOpset
    /// The precision and target of `.mlpackage` outputs.
    let mlProgram: MLProgramSettings
    /// Metadata, descriptions and renames of Core ML outputs.
    let interface: ModelInterface
    /// The rule library, loaded for the first model that needs it (its `rules` stage only).
    let loader: RuleLibraryLoader

    init(
        options: FunctionOptions, rules: RuleOptions, imageInputs: [ImageInput] = [],
        inputShapes: InputShapeOptions = InputShapeOptions(), opset: ONNXOpset = .standard,
        mlProgram: MLProgramSettings = .init(), interface: ModelInterface = .init()
    ) {
        self.options = options
        self.mlProgram = mlProgram
        self.interface = interface
        self.imageInputs = imageInputs
        self.inputShapes = inputShapes
        self.opset = opset
        loader = RuleLibraryLoader(rules: rules)
    }

    /// Converts the model at `path` to a Core ML model at `output` (an ONNX model when it ends in
    /// `.onnx`); never throws: the record says what happened and where it stopped.
    func convert(_ path: String, output: String) -> ModelRecord {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let given = target.pathExtension.lowercased()
        let format = given == "onnx" || given == "mlpackage" ? given : "mlmodel"
        var record = ModelRecord(input: path, output: target.path, target: format, status: .converted)
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
        do throws(PipelineError) {
            try OutputFormat.check(target.path, command: "convert", extensions: OutputFormat.convert)
        } catch {
            throw ConversionFailure(.failed, error)
        }
        if let problem = InputFile.openingProblem(path) { throw ConversionFailure(.unreadable, problem) }
        let keras = try record.time("read") { () throws(ConversionFailure) in
            do throws(PipelineError) { return try Pipeline.readModel(path) } catch {
                throw ConversionFailure(.corrupt, error)
            }
        }
        let toONNX = record.target == "onnx"
        do throws(PipelineError) {
            try InterfaceCheck.check(interface, against: keras, file: path)
        } catch {
            throw ConversionFailure(.failed, error)
        }
        // Unknown dimensions are converted at their default sizes; the layers are then checked
        // not to depend on them (``checkSizeIndependence``).
        let flexible = try flexibleShapes(
            keras, toONNX: toONNX, toPackage: record.target == "mlpackage", record: &record)
        let model = keras.withInputShapes(flexible.mapValues(\.defaultShape))
        let toPackage = record.target == "mlpackage"
        let backend: BackendCheck = toONNX ? .onnx : toPackage ? .mlProgram : .coreML
        let converted = try convertLambdas(model, record: &record, backend: backend)
        let graphs = converted.graphs
        record.warnings = UnusedDefines.warnings(
            options, recovered: record.lambdas.compactMap { converted.outcomes[$0.layer]?.recovered }, file: path)
        // Every Lambda and every layer class the backend refuses, in one run, in the model's order.
        let classFailures =
            toONNX
            ? ONNXOutput.classFailures(in: model)
            : toPackage ? MLProgramOutput.classFailures(in: model) : LayerClassSupport.failures(in: model)
        let failures = model.inLayerOrder(record.layerFailures + classFailures)
        record.blockers = Self.blockers(record, converted, classFailures: classFailures)
        guard failures.isEmpty else {
            throw ConversionFailure(
                .unsupported,
                PipelineError(
                    notConvertible: "\(path): not convertible", failures: failures, location: .init(file: path)))
        }
        if let labels = interface.classLabels, !toONNX {
            do throws(PipelineError) {
                let shapes = ShapeInference(graph: model.graph, knownOutputs: converted.outputShapes)
                try InterfaceCheck.checkClassLabels(labels, model: model, shapes: shapes, file: path)
            } catch {
                throw ConversionFailure(.failed, error)
            }
        }
        let source = URL(fileURLWithPath: path).lastPathComponent
        let metadata = [
            "delambda.version": Pipeline.version, "delambda.rules": record.rules.joined(separator: ","),
            "delambda.source": source,
        ]
        if toONNX {
            var options = ONNXConversionOptions(
                opset: opset, description: "Converted by delambda from \(source)", metadata: metadata)
            options.symbolicDimensions = Self.symbolicDimensions(flexible, inputs: model.graph.inputs.map(\.layer))
            try checkSizeIndependence(keras, shapes: flexible, graphs: graphs, options: .onnx(options), record: &record)
            record.outputLayers = try record.time("backend") { () throws(ConversionFailure) in
                do throws(PipelineError) {
                    return try ONNXOutput.write(model, lambdas: graphs, options: options, to: target, input: path)
                } catch {
                    throw ConversionFailure(error.exitCode == 1 ? .unsupported : .failed, error)
                }
            }
            record.specificationVersion = opset.version
            return
        }
        if toPackage {
            try writePackage(
                keras, model, graphs: graphs, flexible: flexible, metadata: metadata, source: source, to: target,
                record: &record)
            return
        }
        let conversion = CoreMLConversionOptions(
            description: "Converted by delambda from \(source)",
            metadata: metadata, imageInputs: imageInputs, inputShapes: flexible, interface: interface,
            halfPrecisionWeights: mlProgram.halfPrecisionWeights)
        try checkSizeIndependence(
            keras, shapes: flexible, graphs: graphs, options: .coreML(conversion), record: &record)
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

    /// The ML Program package of `model` (`keras` at the flexible inputs' default shapes),
    /// written atomically at `target`. With flexible inputs the program is first built at other
    /// sizes: it must not change but for its values' sizes, and the axes whose sizes change are
    /// declared of unknown size.
    private func writePackage(
        _ keras: KerasModel, _ model: KerasModel, graphs: [String: CoreOpGraph], flexible: [String: FlexibleInputShape],
        metadata: [String: String], source: String, to target: URL, record: inout ModelRecord
    ) throws(ConversionFailure) {
        var options = MLProgramOptions(
            precision: mlProgram.packagePrecision, deploymentTarget: mlProgram.deploymentTarget,
            description: "Converted by delambda from \(source)", metadata: metadata, interface: interface,
            imageInputs: imageInputs, inputShapes: flexible)
        if flexible.values.contains(where: \.isFlexible) {
            let log = MILShapeLog()
            try checkSizeIndependence(
                keras, shapes: flexible, graphs: graphs, options: .mlProgram(options, log), record: &record)
            options.unknownDimensions = log.unknownDimensions
        }
        let path = record.input
        let summary = try record.time("backend") { () throws(ConversionFailure) in
            do throws(PipelineError) {
                return try MLProgramOutput.write(model, lambdas: graphs, options: options, to: target, input: path)
            } catch {
                throw ConversionFailure(error.exitCode == 1 ? .unsupported : .failed, error)
            }
        }
        record.outputLayers = summary.operations
        record.specificationVersion = summary.specificationVersion
    }

    /// Every Lambda of `model` through the rules, checked against `backend` (nothing when the
    /// model has none and no user rules were given).
    func convertLambdas(
        _ model: KerasModel, record: inout ModelRecord, backend: BackendCheck
    ) throws(ConversionFailure) -> LambdaConversion.Converted {
        guard rules.needed(for: model) else { return LambdaConversion.Converted() }
        let library = try record.time("rules") { () throws(ConversionFailure) in
            do throws(PipelineError) { return try self.loader.library() } catch {
                throw ConversionFailure(.failed, error)
            }
        }
        let lambdas = LambdaConversion(
            recoverer: LambdaRecoverer(options: options, kerasVersion: model.kerasVersion),
            rewriter: LambdaRewriter(library: library, options: rules.engineOptions), backend: backend)
        return lambdas.convert(model, record: &record)
    }

    /// What blocks the model, each once: each problem Lambda's, then each refused layer class.
    static func blockers(
        _ record: ModelRecord, _ converted: LambdaConversion.Converted, classFailures: [LayerFailure]
    ) -> [String] {
        var blockers: [String] = []
        for lambda in record.problemLambdas {
            for blocker in converted.outcomes[lambda.layer]?.blockers ?? [] where !blockers.contains(blocker) {
                blockers.append(blocker)
            }
        }
        for failure in classFailures {
            let blocker = "layer class \(failure.className ?? "?")"
            if !blockers.contains(blocker) { blockers.append(blocker) }
        }
        return blockers
    }
}

extension KerasModel {
    /// `failures` sorted by where their layers come in the model (nested layers after the model
    /// layer holding them); the order of failures of one layer is kept.
    func inLayerOrder(_ failures: [LayerFailure]) -> [LayerFailure] {
        var position: [String: Int] = [:]
        for (index, (layer, _)) in graph.allLayersWithGraphs.enumerated() where position[layer.name] == nil {
            position[layer.name] = index
        }
        return failures.enumerated().sorted {
            (position[$0.element.layer] ?? .max, $0.offset) < (position[$1.element.layer] ?? .max, $1.offset)
        }.map(\.element)
    }
}
