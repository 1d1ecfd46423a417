import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs delambda once with a time limit, its output streams going to files.
struct ProcessRunner: Sendable {
    var executable: String
    var timeLimit: Double

    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, or `nil` when a signal ended the process.
        var exitCode: Int32?
        var signal: Int32?
        var timedOut: Bool
        var seconds: Double
    }

    /// Runs `arguments` in `folder`; stdout and stderr go to the two given files.
    func run(_ arguments: [String], in folder: String, stdout: String, stderr: String) throws(CampaignError) -> Outcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        guard FileManager.default.createFile(atPath: stdout, contents: nil),
            FileManager.default.createFile(atPath: stderr, contents: nil),
            let out = FileHandle(forWritingAtPath: stdout), let err = FileHandle(forWritingAtPath: stderr)
        else { throw CampaignError("cannot create the log files next to \(folder)") }
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        do {
            try process.run()
        } catch {
            throw CampaignError("cannot start \(executable): \(error.localizedDescription)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            timedOut = true
            Self.kill(process.processIdentifier)
            finished.wait()
        }
        let seconds = Date().timeIntervalSince(start)
        if process.terminationReason == .uncaughtSignal {
            return Outcome(exitCode: nil, signal: process.terminationStatus, timedOut: timedOut, seconds: seconds)
        }
        return Outcome(exitCode: process.terminationStatus, signal: nil, timedOut: timedOut, seconds: seconds)
    }

    /// Ends a process that ran past the limit; SIGKILL, since a hung process may ignore SIGTERM.
    private static func kill(_ pid: Int32) {
        #if canImport(Glibc)
            _ = Glibc.kill(pid, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(pid, SIGKILL)
        #endif
    }
}
