import ArgumentParser
import JSON
import Pipeline

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a model's layers and each Lambda's recovered function."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "The Keras model (.h5).")
    var model: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    func run() throws {
        let report = try Pipeline.inspect(model, options: try functionOptions.options(), rules: ruleOptions.options)
        switch format {
        case .text: print(report.renderText(), terminator: "")
        case .json: print(JSONWriter(style: .pretty).string(report.jsonValue()))
        }
    }
}
