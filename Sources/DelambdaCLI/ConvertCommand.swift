import ArgumentParser
import Pipeline

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert the whole model, Lambdas included, into a Core ML .mlmodel."
    )

    @Argument(help: "The Keras model (.h5).")
    var model: String

    @Option(name: .shortAndLong, help: "The Core ML model to write (.mlmodel).")
    var output: String

    @Flag(help: "Print one JSON object describing the outcome (what bulk reads from its workers).")
    var reportJson = false

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup
    @OptionGroup var imageOptions: ImageInputOptionsGroup

    func validate() throws {
        try OutputFormat.check(output, command: "convert", extensions: OutputFormat.convert)
    }

    func run() throws {
        let options = try functionOptions.options()
        let images = try imageOptions.inputs()
        guard reportJson else {
            let report = try Pipeline.convert(
                model, output: output, options: options, rules: ruleOptions.options, imageInputs: images)
            Terminal.reportWarnings(report.warnings)
            try Terminal.writeReport(report.rendered())
            return
        }
        let record = Pipeline.convertRecording(
            model, output: output, options: options, rules: ruleOptions.options, imageInputs: images)
        Terminal.reportWarnings(record.warnings)
        try Terminal.writeReport(record.rendered())
        if let reason = record.reason, !record.status.isSuccess { Terminal.reportError(reason) }
        if record.status.exitCode != 0 { throw ExitCode(record.status.exitCode) }
    }
}
