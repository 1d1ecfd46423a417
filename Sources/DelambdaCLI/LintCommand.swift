import ArgumentParser
import JSON
import Pipeline

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule files: schema, patterns, ops, shadowing, loops, and every rule's tests."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case sarif
    }

    @Argument(help: "Rule files or folders.")
    var rules: [String]

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    func run() throws {
        let report = try Pipeline.lint(rules)
        switch format {
        case .text: print(report.renderText(), terminator: "")
        case .json: print(JSONWriter(style: .pretty).string(report.jsonValue()))
        case .sarif: print(JSONWriter(style: .pretty).string(report.sarifValue()))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
