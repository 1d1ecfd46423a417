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
        let record = convertRecording(path, output: output, options: options, rules: rules)
        guard record.status == .converted else { throw record.error }
        return ConvertReport(
            output: record.output, layers: record.outputLayers ?? 0, lambdas: record.lambdas.count, rules: record.rules)
    }

    /// Converts like ``convert(_:output:options:rules:)`` but never throws: the outcome, each
    /// Lambda, the rules that fired and the time of each stage, as `convert --report-json` and
    /// `bulk` report them.
    public static func convertRecording(
        _ path: String, output: String, options: FunctionOptions = FunctionOptions(), rules: RuleOptions = RuleOptions()
    ) -> ModelRecord {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        var record = ModelRecord(input: path, output: target.path, target: "mlmodel", status: .converted)
        do throws(ConversionFailure) {
            try convertStages(path, target: target, options: options, rules: rules, record: &record)
        } catch {
            record.status = error.status
            record.reason = error.message
        }
        return record
    }

    private static func convertStages(
        _ path: String, target: URL, options: FunctionOptions, rules: RuleOptions, record: inout ModelRecord
    ) throws(ConversionFailure) {
        guard URL(fileURLWithPath: path).standardizedFileURL.path != target.path else {
            throw ConversionFailure(.failed, "\(target.path): refusing to overwrite the input")
        }
        if let problem = InputFile.openingProblem(path) { throw ConversionFailure(.unreadable, problem) }
        let model = try record.time("read") { () throws(ConversionFailure) in
            do throws(PipelineError) { return try readModel(path) } catch {
                throw ConversionFailure(.corrupt, error.message)
            }
        }
        let library = try record.time("rules") { () throws(ConversionFailure) in
            do throws(PipelineError) { return try rules.library() } catch {
                throw ConversionFailure(.failed, error.message)
            }
        }
        let lambdas = LambdaConversion(
            recoverer: LambdaRecoverer(options: options, kerasVersion: model.kerasVersion),
            rewriter: LambdaRewriter(library: library, options: rules.engineOptions))
        let graphs = lambdas.graphs(of: model, record: &record)
        let problems = record.problemLambdas.compactMap(\.message)
        guard problems.isEmpty else {
            throw ConversionFailure(.unsupported, "\(path): not convertible: " + problems.joined(separator: "; "))
        }
        let rulesUsed = record.rules
        let (layers, bytes) = try record.time("backend") { () throws(ConversionFailure) in
            do {
                let source = URL(fileURLWithPath: path).lastPathComponent
                let spec = try CoreMLConverter.convert(
                    model, lambdas: graphs, description: "Converted by delambda from \(source)",
                    metadata: [
                        "delambda.version": Pipeline.version, "delambda.rules": rulesUsed.joined(separator: ","),
                        "delambda.source": source,
                    ])
                return (spec.layerCount, try spec.fileBytes())
            } catch {
                throw ConversionFailure(.unsupported, "\(path): \(error)")
            }
        }
        record.outputLayers = layers
        try record.time("write") { () throws(ConversionFailure) in
            do throws(PipelineError) { try AtomicFile.write(bytes, to: target) } catch {
                throw ConversionFailure(.failed, error.message)
            }
        }
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

/// Why a conversion stopped, with the status it gives the model.
struct ConversionFailure: Error {
    var status: ModelRecord.Status
    var message: String

    init(_ status: ModelRecord.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

extension ModelRecord {
    /// Runs `body`, adding the time it took to `stage`.
    mutating func time<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { addTime(Self.seconds(clock.now - start), to: stage) }
        return try body()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// The error `convert` throws for this outcome: exit 1 when unsupported, else 2.
    var error: PipelineError {
        PipelineError(status == .unsupported ? .notConvertible : .unusableInput, reason ?? "\(input): \(status)")
    }
}

extension ModelGraph {
    /// Every layer with the graph it belongs to, nested models' layers included.
    var allLayersWithGraphs: [(Layer, ModelGraph)] {
        layers.flatMap { layer in [(layer, self)] + (layer.model?.allLayersWithGraphs ?? []) }
    }
}
