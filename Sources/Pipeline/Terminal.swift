import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard streams and its exit, for the executable: the CLI writes through
/// these so that it needs no Foundation of its own.
public enum Terminal {
    /// Writes `text` to standard output at once, unbuffered: a bulk worker's parent waits for
    /// each answer before it sends the next request.
    public static func writeOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` to standard error, unbuffered.
    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `delambda: error: message` and a newline to standard error: how every command
    /// reports a failure of its own.
    public static func reportError(_ message: String) {
        writeError("delambda: error: \(message)\n")
    }

    /// Whether standard error is a terminal, where a progress bar can be redrawn in place.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The terminal's width from `COLUMNS`, else 80: a bar wider than the terminal would wrap
    /// and could no longer be redrawn in place.
    public static var columns: Int {
        ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
    }

    /// Ends the process with `code`, flushing what `print` buffered.
    public static func exit(_ code: Int32) -> Never {
        Foundation.exit(code)
    }
}
