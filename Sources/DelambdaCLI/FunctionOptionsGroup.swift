import ArgumentParser
import Pipeline

/// The options that tell Delambda what a model's file does not hold, shared by every command
/// that reads Lambdas.
struct FunctionOptionsGroup: ParsableArguments {
    @Option(name: .customLong("python"), help: "Read every payload as this CPython version's bytecode (X.Y).")
    var python: String?

    @Option(
        name: .customLong("define"),
        help: ArgumentHelp("Value of a global a Lambda reads (repeatable).", valueName: "NAME=VALUE"))
    var defines: [String] = []

    @Option(
        name: .customLong("function-source"),
        help: ArgumentHelp("Python source of functions stored by name only (repeatable).", valueName: "FILE.py"))
    var functionSources: [String] = []

    /// Refuses a bad `--python` or `--define`, or an unreadable `--function-source`, before
    /// any model is read.
    mutating func validate() throws {
        _ = try options()
    }

    func options() throws(PipelineError) -> FunctionOptions {
        try FunctionOptions.parse(python: python, defines: defines, functionSources: functionSources)
    }
}
