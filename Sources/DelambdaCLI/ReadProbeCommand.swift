import ArgumentParser
import Pipeline

/// The child every command starts to read a model first (hidden): reads each path named on
/// standard input through libhdf5 and answers one line, so that a file libhdf5 crashes on ends
/// this process, not the command (see `ReadIsolation`).
struct ReadProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ReadIsolation.commandName,
        abstract: "Read the model files named on standard input, one answer line each.",
        shouldDisplay: false
    )

    @Option(help: "The process that started this one: when it is gone, this one ends too.")
    var parent: Int32?

    func run() throws {
        ReadIsolation.serve(parent: parent)
    }
}
