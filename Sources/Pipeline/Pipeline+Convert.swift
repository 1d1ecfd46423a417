import CoreMLBackend
import CoreMLSpec
import KerasModel
import ONNXBackend

extension Pipeline {
    /// Converts the model at `path` into a Core ML model written atomically at `output` (an ONNX
    /// model of `opset` when it ends in `.onnx`, an ML Program package of `mlProgram`'s precision
    /// when it ends in `.mlpackage`); `imageInputs` declares inputs that take images
    /// (with their scale and bias).
    /// - Throws: ``PipelineError``: not convertible (exit 1) naming each offending layer with its
    ///   source and residue; unusable input (exit 2).
    public static func convert(
        _ path: String, output: String, options: FunctionOptions = FunctionOptions(),
        rules: RuleOptions = RuleOptions(),
        imageInputs: [ImageInput] = [], inputShapes: InputShapeOptions = InputShapeOptions(),
        opset: ONNXOpset = .standard, mlProgram: MLProgramSettings = .init(), interface: ModelInterface = .init()
    ) throws(PipelineError) -> ConvertReport {
        let record = convertRecording(
            path, output: output, options: options, rules: rules, imageInputs: imageInputs, inputShapes: inputShapes,
            opset: opset, mlProgram: mlProgram, interface: interface)
        guard record.status == .converted else { throw record.error }
        return ConvertReport(
            output: record.output, layers: record.outputLayers ?? 0, lambdas: record.lambdas.count, rules: record.rules,
            specificationVersion: record.specificationVersion ?? 0, warnings: record.warnings,
            inputShapes: record.inputShapes)
    }

    /// Converts like ``convert(_:output:options:rules:imageInputs:)`` but never throws: the outcome, each
    /// Lambda, the rules that fired and the time of each stage, as `convert --report-json` and
    /// `bulk` report them.
    public static func convertRecording(
        _ path: String, output: String, options: FunctionOptions = FunctionOptions(),
        rules: RuleOptions = RuleOptions(),
        imageInputs: [ImageInput] = [], inputShapes: InputShapeOptions = InputShapeOptions(),
        opset: ONNXOpset = .standard, mlProgram: MLProgramSettings = .init(), interface: ModelInterface = .init()
    ) -> ModelRecord {
        ModelConverter(
            options: options, rules: rules, imageInputs: imageInputs, inputShapes: inputShapes, opset: opset,
            mlProgram: mlProgram, interface: interface
        ).convert(path, output: output)
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
    /// `--define` values no Lambda reads (the CLI prints them on stderr).
    public var warnings: [String] = []
    /// The shapes chosen for inputs of flexible size, one line per input (the CLI prints them on stderr).
    public var inputShapes: [String] = []
}

/// An input declared as an image (see ``CoreMLBackend/ImageInput``).
public typealias ImageInput = CoreMLSpec.ImageInput
public typealias ModelInterface = CoreMLSpec.ModelInterface
/// The opset of an ONNX output (see ``ONNXBackend/ONNXOpset``).
public typealias ONNXOpset = ONNXBackend.ONNXOpset

/// Why a conversion stopped, with the status it gives the model.
struct ConversionFailure: Error {
    var status: ModelRecord.Status
    var error: PipelineError

    init(_ status: ModelRecord.Status, _ error: PipelineError) {
        self.status = status
        self.error = error
    }

    init(_ status: ModelRecord.Status, _ message: String) {
        self.init(status, PipelineError(status == .unsupported ? .notConvertible : .unusableInput, message))
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
        var error = PipelineError(
            status == .unsupported ? .notConvertible : .unusableInput, reason ?? "\(input): \(status)",
            location: .init(file: input))
        error.warnings = warnings
        return error
    }
}

extension RuleOptions {
    /// Whether converting `model` needs the rule library: it has a Lambda-like layer, or user rule
    /// files were given (read anyway, so that their errors show).
    func needed(for model: KerasModel) -> Bool {
        !paths.isEmpty || model.graph.allLayersWithGraphs.contains { $0.0.function != nil }
    }
}

extension ModelGraph {
    /// Every layer with the graph it belongs to, nested models' layers included.
    var allLayersWithGraphs: [(Layer, ModelGraph)] {
        layers.flatMap { layer in [(layer, self)] + (layer.model?.allLayersWithGraphs ?? []) }
    }
}
