import ArgumentParser
import Pipeline

/// The child `rewrite` starts to write its output (hidden): changes a copy of the model as the
/// request line on standard input says and reads it back, so that a damaged file libhdf5
/// crashes on while changing it ends this process, not the command (see `WriteIsolation`).
struct WriteProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: WriteIsolation.commandName,
        abstract: "Write the rewritten copy a request line on standard input describes.",
        shouldDisplay: false
    )

    @Option(help: "The process that started this one: when it is gone, this one ends too.")
    var parent: Int32?

    func run() throws {
        WriteIsolation.serve(parent: parent)
    }
}
