import ArgumentParser
import Pipeline

struct RewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Write a portable .h5 or .keras in which every Lambda is replaced by built-in Keras layers.",
        discussion: """
            The copy keeps the input's weights, training config and Keras flavour (Keras 2 / tf.keras \
            or Keras 3 config shapes). Ops with no built-in layer become layers naming a public \
            module function: TFOpLambda (tf.math.sin) for Keras 2, Lambda of keras.ops.sin for Keras 3.

            --flavour writes the other flavour: keras3 for a Keras 2 (tf.keras) model, keras2 for a \
            Keras 3 one. The config is translated layer by layer (members the other flavour dropped are \
            removed where they held their default, renamed ones renamed), and every layer the other \
            flavour cannot load in safe mode is named with the reason (exit 1, nothing written).
            """
    )

    @Argument(help: "The Keras model (.h5 or .keras).")
    var model: String

    @Option(name: .shortAndLong, help: "The Keras model to write (.h5, or .keras for Keras 3).")
    var output: String

    @Option(help: "The Keras flavour to write: keras2 (tf.keras, tf_keras) or keras3 (default: the input's).")
    var flavour: Pipeline.KerasDialect?

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    func validate() throws {
        try OutputFormat.check(output, command: "rewrite", extensions: OutputFormat.rewrite)
    }

    func run() throws {
        let report = try Pipeline.rewrite(
            model, output: output, flavour: flavour, options: try functionOptions.options(), rules: ruleOptions.options)
        Terminal.reportWarnings(report.warnings)
        try Terminal.writeReport(report.rendered())
    }
}

extension Pipeline.KerasDialect: ExpressibleByArgument {}
