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

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup
    @OptionGroup var imageOptions: ImageInputOptionsGroup

    func run() throws {
        let report = try Pipeline.convert(
            model, output: output, options: try functionOptions.options(), rules: ruleOptions.options,
            imageInputs: try imageOptions.inputs())
        print(
            "wrote \(report.output): \(report.layers) Core ML layers (specification version "
                + "\(report.specificationVersion)), \(report.lambdas) Lambda layers rewritten")
        if !report.rules.isEmpty { print("rules: \(report.rules.joined(separator: ", "))") }
    }
}
