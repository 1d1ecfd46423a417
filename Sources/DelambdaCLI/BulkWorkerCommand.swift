import ArgumentParser
import Foundation
import KerasBackend
import Pipeline

/// The worker `bulk` runs in child processes (hidden): reads one request line per model on
/// standard input and answers each with one line of JSON on standard output.
struct BulkWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk-worker",
        abstract: "Serve bulk: convert the models named on standard input, one JSON line each.",
        shouldDisplay: false
    )

    @Option var to: BulkCommand.Target = .mlmodel
    @Option var flavour: KerasDialect?

    @OptionGroup var functionOptions: FunctionOptionsGroup
    @OptionGroup var ruleOptions: RuleOptionsGroup

    func run() throws {
        let worker = BulkWorker(
            target: to.bulkTarget, flavour: flavour, options: try functionOptions.options(), rules: ruleOptions.options)
        while let request = readLine() {
            // Unbuffered: the parent waits for each answer before sending the next model.
            FileHandle.standardOutput.write(Data((worker.answer(request) + "\n").utf8))
        }
    }
}
