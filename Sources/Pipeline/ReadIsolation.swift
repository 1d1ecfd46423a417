import Foundation
import HDF5
import KerasModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads each model file once in a short-lived child process before this process asks libhdf5
/// for anything in it.
///
/// libhdf5 trusts the addresses and sizes a file stores: a few damaged files make it copy through
/// a wild pointer (in its global heap or B-tree code) and the process dies of a signal, which no
/// check of ours can turn into an error. The child meets such a file first; its death refuses the
/// file (exit 2) instead of ending the command. A file the child survives is read again here,
/// where its real problems, if any, are reported with their usual messages.
public enum ReadIsolation {
    /// From now on reads every model through a child `executable read-probe` (nil: this process's
    /// own executable). Set by the delambda executable; the library alone reads in-process.
    public static func enable(executable: String? = nil) {
        setting.set(executable ?? WorkerExecutable.current)
    }

    /// Reads in-process again (tests of the in-process path).
    public static func disable() {
        setting.set(nil)
    }

    /// The executable whose hidden commands the isolating children run; nil when isolation is off.
    static var childExecutable: String? { setting.get() }

    /// The name of the hidden command that runs `serve()`.
    public static let commandName = "read-probe"

    /// Throws when the child reading `path` died or hung; returns when it finished (whether or not
    /// the file is a usable model) or when isolation is off.
    static func check(_ path: String) throws(PipelineError) {
        guard let executable = setting.get() else { return }
        try check(path, executable: executable, timeLimit: timeLimit(for: path))
    }

    /// `check` with the child `executable` and the seconds it may take.
    static func check(_ path: String, executable: String, timeLimit limit: Double) throws(PipelineError) {
        let answer = try child.ask(path, executable: executable, command: commandName, model: path, timeout: limit)
        guard answer == doneAnswer else {
            throw PipelineError(
                .unusableInput, "\(path): \(child.process) answered \(answer)", location: .init(file: path))
        }
    }

    private static let child = IsolatedChild(
        process: "the process that reads every file first", activity: "reading it")

    /// The child's side: for each path on standard input, reads everything in it the commands
    /// could read, then answers one line.
    public static func serve(parent: Int32?) {
        ChildLimits.forbidCoreFiles()
        ChildLimits.restoreProcessorTimeSignal()
        ChildLimits.endWithParent(parent ?? getppid())
        while let path = readLine() {
            ChildLimits.allowProcessorTime(processorTimeLimit(for: path))
            read(path)
            Terminal.writeOutput(doneAnswer + "\n")
        }
    }

    /// Every read a command makes of an input model: libhdf5's own walk of the file (the
    /// containment audit on opening), each attribute and dataset, and the Keras reader's (which
    /// also parses `model_config`, all that `rewrite` reads besides). For a `.keras` archive:
    /// the zip's directory and members, then libhdf5's walk of the weights image the commands
    /// open from memory.
    static func read(_ path: String) {
        if KerasModelReader.isArchive(path) {
            (try? (try? KerasModelReader.read(path))?.openWeights())?.readEverything()
            return
        }
        if let file = try? HDF5File.open(path) { file.readEverything() }
        _ = try? KerasModelReader.read(path)
    }

    private static let doneAnswer = "read"

    /// Ten seconds of processor time, plus one per 10 MB: reading a 200 MB model takes about one.
    static func processorTimeLimit(for path: String) -> Int {
        10 + Int(fileSize(path) / 10e6)
    }

    private static func fileSize(_ path: String) -> Double {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
    }

    /// Three minutes, plus a second per 20 MB (a fast disk reads ten times that): a backstop for
    /// a child that waits without using the processor; one that spins meets its processor-time
    /// limit first, even on a machine so busy that it gets a fifth of a core.
    static func timeLimit(for path: String) -> Double {
        180 + fileSize(path) / 20e6
    }

    private static let setting = Setting()

    private final class Setting: @unchecked Sendable {
        private let lock = NSLock()
        private var executable: String?

        func get() -> String? { lock.withLock { executable } }
        func set(_ value: String?) { lock.withLock { executable = value } }
    }
}
