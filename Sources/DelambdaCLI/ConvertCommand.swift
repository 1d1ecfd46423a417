import ArgumentParser
import Pipeline

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert the whole model, Lambdas included, into a Core ML .mlmodel or an ONNX .onnx model."
    )

    @Argument(help: "The Keras model (.h5 or .keras).")
    var model: String

    @Option(name: .shortAndLong, help: "The model to write: Core ML (.mlmodel) or ONNX (.onnx).")
    var output: String

    @Option(help: ArgumentHelp("With an .onnx output: the ONNX opset, 13 to 21 (default 17).", valueName: "N"))
    var opset: Int?

    @Flag(help: "Print one JSON object describing the outcome (what bulk reads from its workers).")
    var reportJson = false

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup
    @OptionGroup var imageOptions: ImageInputOptionsGroup
    @OptionGroup var shapeOptions: InputShapeOptionsGroup

    func validate() throws {
        try OutputFormat.check(output, command: "convert", extensions: OutputFormat.convert)
        if let opset {
            guard output.lowercased().hasSuffix(".onnx") else {
                throw ValidationError("--opset applies to .onnx outputs only")
            }
            guard ONNXOpset(opset) != nil else {
                throw ValidationError("--opset \(opset): opsets 13 to 21 are written")
            }
        }
    }

    /// The opset asked for, or the default.
    private var onnxOpset: ONNXOpset { opset.flatMap(ONNXOpset.init) ?? .standard }

    func run() throws {
        let options = try functionOptions.options()
        let images = try imageOptions.inputs()
        let shapes = try shapeOptions.options()
        guard reportJson else {
            let report = try Pipeline.convert(
                model, output: output, options: options, rules: ruleOptions.options, imageInputs: images,
                inputShapes: shapes, opset: onnxOpset)
            Terminal.reportNotes(report.inputShapes)
            Terminal.reportWarnings(report.warnings)
            try Terminal.writeReport(report.rendered())
            return
        }
        let record = Pipeline.convertRecording(
            model, output: output, options: options, rules: ruleOptions.options, imageInputs: images,
            inputShapes: shapes, opset: onnxOpset)
        Terminal.reportNotes(record.inputShapes)
        Terminal.reportWarnings(record.warnings)
        try Terminal.writeReport(record.rendered())
        if let reason = record.reason, !record.status.isSuccess { Terminal.reportError(reason) }
        if record.status.exitCode != 0 { throw ExitCode(record.status.exitCode) }
    }
}
