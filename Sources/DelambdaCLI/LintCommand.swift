import ArgumentParser
import Pipeline

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule files: schema, patterns, ops, shadowing, loops, and every rule's tests."
    )

    @Argument(help: "Rule files or folders.")
    var rules: [String]

    @Option(help: "Output format: text, json or sarif.")
    var format: LintReport.Format = .text

    func run() throws {
        let report = try Pipeline.lint(rules)
        try Terminal.writeReport(report.rendered(format))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

extension LintReport.Format: ExpressibleByArgument {}
