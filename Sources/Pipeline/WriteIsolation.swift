import Foundation
import JSON
import KerasBackend
import KerasModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a rewritten `.h5` in a short-lived child process.
///
/// `rewrite` copies the input and changes the copy with libhdf5: new attributes free and take
/// space in the file's heaps. A damaged heap that reading survives (the read-probe child read
/// every attribute) can still make libhdf5 copy through a wild pointer once it is changed
/// (campaign seed 11, case 9318). The child meets that first; its death refuses the file (exit 2)
/// and leaves no output, instead of ending the command.
public enum WriteIsolation {
    /// The name of the hidden command that runs `serve()`.
    public static let commandName = "write-probe"

    /// Writes `rewrite` of `model` (whose config, as read, is `config`) into `destination` (a
    /// `.keras` archive when `archive`, see ``RewrittenFile``) and reads it back, in the child
    /// when isolation is on (``ReadIsolation/enable(executable:)``), else in this process.
    ///
    /// - Throws: what the writer threw (``AtomicFile`` names the target); ``PipelineError``
    ///   `.notConvertible` when the copy still holds marshaled code, `.unusableInput` when the
    ///   child died or hung.
    static func write(
        _ rewrite: KerasRewrite, model: KerasModel, config: JSONValue, to destination: String, archive: Bool,
        target: String
    ) throws {
        try write(
            rewrite, model: model, config: config, to: destination, archive: archive, target: target,
            executable: ReadIsolation.childExecutable)
    }

    /// `write` in the child `executable write-probe` (nil: in this process).
    static func write(
        _ rewrite: KerasRewrite, model: KerasModel, config: JSONValue, to destination: String, archive: Bool,
        target: String, executable: String?
    ) throws {
        let source = model.file
        guard let executable else {
            try RewrittenFile.write(rewrite, model: model, config: config, to: destination, archive: archive)
            if let layer = try Pipeline.marshaledLayer(in: destination) {
                throw Pipeline.stillMarshaled(layer: layer, target: target)
            }
            return
        }
        let request = WriteRequest(rewrite: rewrite, source: source, destination: destination, archive: archive)
        let answer = try child.ask(
            JSONWriter(style: .compact).string(request.json), executable: executable, command: commandName,
            model: source, timeout: nil)
        if answer.hasPrefix(marshalAnswer) {
            throw Pipeline.stillMarshaled(layer: String(answer.dropFirst(marshalAnswer.count)), target: target)
        }
        guard answer == doneAnswer else { throw ChildFailure(description: answer) }
    }

    private static let child = IsolatedChild(
        process: "the process that writes the copy", activity: "changing the rewritten copy")

    /// The child's side: one request line, the file written and read back, one answer line
    /// (`written`, or why not).
    public static func serve(parent: Int32?) {
        ChildLimits.forbidCoreFiles()
        ChildLimits.restoreProcessorTimeSignal()
        ChildLimits.endWithParent(parent ?? getppid())
        guard let line = readLine() else { return }
        let answer: String
        do {
            let request = try WriteRequest(json: try JSONParser.parse(line))
            ChildLimits.allowProcessorTime(ReadIsolation.processorTimeLimit(for: request.source))
            // The model again, for an archive's weights (the parent's image stays there); its
            // config as read is what the writer rebuilds an archive's `.h5` from.
            let model = try KerasModelReader.read(request.source)
            try RewrittenFile.write(
                request.rewrite, model: model, config: model.config, to: request.destination, archive: request.archive)
            if let layer = try Pipeline.marshaledLayer(in: request.destination) {
                answer = marshalAnswer + layer
            } else {
                answer = doneAnswer
            }
        } catch {
            answer = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        }
        Terminal.writeOutput(answer + "\n")
    }

    private static let doneAnswer = "written"
    private static let marshalAnswer = "marshaled "

    /// What the child reported instead of writing; ``AtomicFile`` names the target.
    struct ChildFailure: Error, CustomStringConvertible {
        var description: String
    }
}
