import ArgumentParser
import Pipeline

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract:
            "Convert the whole model, Lambdas included, into a Core ML .mlmodel or .mlpackage, or an ONNX .onnx model."
    )

    @Argument(help: "The Keras model (.h5 or .keras).")
    var model: String

    @Option(
        name: .shortAndLong,
        help: "The model to write: Core ML NeuralNetwork (.mlmodel), Core ML ML Program (.mlpackage) or ONNX (.onnx).")
    var output: String

    @Option(
        help: ArgumentHelp(
            "The Core ML format, which must agree with the output's extension: mlprogram (.mlpackage) or "
                + "neuralnetwork (.mlmodel).", valueName: "FORMAT"))
    var format: String?

    @Option(
        help: ArgumentHelp(
            "Core ML outputs: float16 or float32. A package's weights and compute (default float16); a "
                + ".mlmodel's weights (default float32).", valueName: "P"))
    var precision: String?

    @Option(
        help: ArgumentHelp(
            "With an .mlpackage output: the oldest OS it runs on, iOS15...iOS18 or macOS12...macOS15 (default: the "
                + "lowest that holds the operations used).", valueName: "OS"))
    var minimumDeploymentTarget: String?

    @Option(help: ArgumentHelp("With an .onnx output: the ONNX opset, 13 to 21 (default 17).", valueName: "N"))
    var opset: Int?

    @Flag(help: "Print one JSON object describing the outcome (what bulk reads from its workers).")
    var reportJson = false

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup
    @OptionGroup var imageOptions: ImageInputOptionsGroup
    @OptionGroup var shapeOptions: InputShapeOptionsGroup
    @OptionGroup var interfaceOptions: InterfaceOptionsGroup

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
        try validatePackageOptions()
        _ = try interfaceOptions.interface()
        if output.lowercased().hasSuffix(".onnx"), !imageOptions.names.isEmpty {
            throw ValidationError("--image-input applies to Core ML outputs (.mlmodel, .mlpackage) only")
        }
        if output.lowercased().hasSuffix(".onnx"), !interfaceOptions.isEmpty {
            throw ValidationError(
                "--author, --license, --description, --model-version, the descriptions, the renames and "
                    + "--class-labels apply to Core ML outputs (.mlmodel, .mlpackage) only")
        }
    }

    /// `--format` must name the output's own format; `--precision` and
    /// `--minimum-deployment-target` apply to packages and take known values.
    private func validatePackageOptions() throws {
        let package = output.lowercased().hasSuffix(".mlpackage")
        if let format {
            let formats = ["mlprogram": ".mlpackage", "neuralnetwork": ".mlmodel"]
            guard let suffix = formats[format.lowercased()] else {
                throw ValidationError("--format \(format): mlprogram or neuralnetwork")
            }
            guard output.lowercased().hasSuffix(suffix) else {
                throw ValidationError("--format \(format) writes \(suffix) files: name the output OUT\(suffix)")
            }
        }
        if let precision {
            guard package || output.lowercased().hasSuffix(".mlmodel") else {
                throw ValidationError("--precision applies to Core ML outputs (.mlmodel, .mlpackage) only")
            }
            guard MILPrecision(rawValue: precision) != nil else {
                throw ValidationError("--precision \(precision): float16 or float32")
            }
        }
        if let minimumDeploymentTarget {
            guard package else {
                throw ValidationError("--minimum-deployment-target applies to .mlpackage outputs only")
            }
            guard MILDeploymentTarget(parsing: minimumDeploymentTarget) != nil else {
                let names = MILDeploymentTarget.names.joined(separator: ", ")
                throw ValidationError("--minimum-deployment-target \(minimumDeploymentTarget): one of \(names)")
            }
        }
    }

    /// The package settings asked for, or the defaults.
    private var packageSettings: MLProgramSettings {
        MLProgramSettings(
            precision: precision.flatMap(MILPrecision.init(rawValue:)),
            deploymentTarget: minimumDeploymentTarget.flatMap(MILDeploymentTarget.init(parsing:)))
    }

    /// The opset asked for, or the default.
    private var onnxOpset: ONNXOpset { opset.flatMap(ONNXOpset.init) ?? .standard }

    func run() throws {
        let options = try functionOptions.options()
        let images = try imageOptions.inputs()
        let shapes = try shapeOptions.options()
        let interface = try interfaceOptions.interface()
        guard reportJson else {
            let report = try Pipeline.convert(
                model, output: output, options: options, rules: ruleOptions.options, imageInputs: images,
                inputShapes: shapes, opset: onnxOpset, mlProgram: packageSettings, interface: interface)
            Terminal.reportNotes(report.inputShapes)
            Terminal.reportWarnings(report.warnings)
            try Terminal.writeReport(report.rendered())
            return
        }
        let record = Pipeline.convertRecording(
            model, output: output, options: options, rules: ruleOptions.options, imageInputs: images,
            inputShapes: shapes, opset: onnxOpset, mlProgram: packageSettings, interface: interface)
        Terminal.reportNotes(record.inputShapes)
        Terminal.reportWarnings(record.warnings)
        try Terminal.writeReport(record.rendered())
        if let reason = record.reason, !record.status.isSuccess { Terminal.reportError(reason) }
        if record.status.exitCode != 0 { throw ExitCode(record.status.exitCode) }
    }
}
