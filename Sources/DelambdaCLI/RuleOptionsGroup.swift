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

    @Flag(help: "Replace random sampling (a VAE's noise) by its mean, for reproducible inference.")
    var deterministicSampling = false

    var options: RuleOptions { RuleOptions(paths: paths, exact: exact, deterministicSampling: deterministicSampling) }
}
