import ArgumentParser
import Pipeline

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for each Lambda, the recovered source, every rule step and the core ops or the residue."
    )

    @Argument(help: "The Keras model (.h5 or .keras).")
    var model: String

    @Option(help: "Only this Lambda layer.")
    var layer: String?

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    func run() throws {
        let report = try Pipeline.explain(
            model, layer: layer, options: try functionOptions.options(), rules: ruleOptions.options)
        Terminal.reportWarnings(report.warnings)
        try Terminal.writeReport(report.rendered())
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
