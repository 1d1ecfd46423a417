import ArgumentParser
import Pipeline

/// `--rules` and `--exact`, shared by every command that rewrites Lambdas.
struct RuleOptionsGroup: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("A rule file or folder added to the built-in library (repeatable).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(help: "Refuse rules that only approximate what they replace.")
    var exact = false

    var options: RuleOptions { RuleOptions(paths: paths, exact: exact) }
}
