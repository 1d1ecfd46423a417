import ArgumentParser
import Pipeline

/// The worker `bulk` runs in child processes (hidden): reads one request line per model on
/// standard input, each with the options to convert it with, and answers each with one line of
/// JSON on standard output.
struct BulkWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk-worker",
        abstract: "Serve bulk: convert the models named on standard input, one JSON line each.",
        shouldDisplay: false
    )

    func run() throws {
        let worker = BulkWorker()
        while let request = readLine() {
            // Unbuffered: the parent waits for each answer before sending the next model.
            Terminal.writeOutput(worker.answer(request) + "\n")
        }
    }
}
