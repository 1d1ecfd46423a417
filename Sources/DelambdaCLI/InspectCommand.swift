import ArgumentParser
import Pipeline

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a model's layers and each Lambda's recovered function."
    )

    @Argument(help: "The Keras model (.h5 or .keras).")
    var model: String

    @Option(help: "Output format: text or json.")
    var format: InspectReport.Format = .text

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    func run() throws {
        let report = try Pipeline.inspect(model, options: try functionOptions.options(), rules: ruleOptions.options)
        Terminal.reportWarnings(report.unusedDefines)
        try Terminal.writeReport(report.rendered(format))
    }
}

extension InspectReport.Format: ExpressibleByArgument {}
