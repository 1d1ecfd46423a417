import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard streams and its exit, for the executable: the CLI writes through
/// these so that it needs no Foundation of its own.
public enum Terminal {
    /// Writes a command's report to standard output, unbuffered.
    /// - Throws: ``PipelineError`` (exit code 2) when it cannot all be written, such as on a full
    ///   disk: a report that was not delivered is a failure, not a success.
    public static func writeReport(_ text: String) throws(PipelineError) {
        if let code = send(text, to: STDOUT_FILENO) {
            throw PipelineError(.unusableInput, "cannot write to standard output: \(String(cString: strerror(code)))")
        }
    }

    /// Writes `text` to standard output at once, unbuffered: a bulk worker's parent waits for
    /// each answer before it sends the next request (and when the parent is gone, nobody reads it).
    public static func writeOutput(_ text: String) {
        _ = send(text, to: STDOUT_FILENO)
    }

    /// Writes `text` to standard error, unbuffered, cut to what a message may quote
    /// (``MessageCap``); there is nowhere left to report a failure.
    public static func writeError(_ text: String) {
        _ = send(MessageCap.capped(text), to: STDERR_FILENO)
    }

    /// Writes all of `text` to `descriptor`; the error number when it cannot.
    private static func send(_ text: String, to descriptor: Int32) -> Int32? {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes[done...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : EIO }
            done += count
        }
        return nil
    }

    /// Writes `delambda: error: message` and a newline to standard error: how every command
    /// reports a failure of its own.
    public static func reportError(_ message: String) {
        writeError("delambda: error: \(message)\n")
    }

    /// Writes each of `messages` as one `delambda: warning: ...` line on standard error.
    public static func reportWarnings(_ messages: [String]) {
        for message in messages { writeError("delambda: warning: \(message)\n") }
    }

    /// Writes each of `lines` as one `delambda: ...` line on standard error.
    public static func reportNotes(_ lines: [String]) {
        for line in lines { writeError("delambda: \(line)\n") }
    }

    /// Whether standard error is a terminal, where a progress bar can be redrawn in place.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The terminal's width from `COLUMNS`, else 80: a bar wider than the terminal would wrap
    /// and could no longer be redrawn in place.
    public static var columns: Int {
        ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
    }

    /// Ends the process with `code`, flushing what `print` buffered (help texts).
    public static func exit(_ code: Int32) -> Never {
        Foundation.exit(code)
    }
}
