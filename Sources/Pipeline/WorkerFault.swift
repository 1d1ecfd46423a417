import Foundation

/// A test-only way to make a `bulk` worker misbehave, so that tests can show a crash or a hang
/// is reported and never takes other models down.
///
/// Read only by `delambda bulk-worker`, from the environment variable
/// `DELAMBDA_TEST_WORKER_FAULT`: `abort:NAME` makes the worker for the model file called `NAME`
/// abort (SIGABRT), `hang:NAME` makes it sleep until killed, `chatter:NAME` makes it write a
/// stray line on standard output before its answer. Unset, it does nothing.
public enum WorkerFault {
    public static let environmentVariable = "DELAMBDA_TEST_WORKER_FAULT"

    /// Aborts or hangs when the environment asks for it for the model at `path`.
    public static func injectIfRequested(for path: String) {
        guard let request = ProcessInfo.processInfo.environment[environmentVariable],
            let colon = request.firstIndex(of: ":")
        else { return }
        let name = String(request[request.index(after: colon)...])
        guard URL(fileURLWithPath: path).lastPathComponent == name else { return }
        switch request[..<colon] {
        case "abort":
            abort()
        case "hang":
            while true { sleep(3600) }
        case "chatter":
            FileHandle.standardOutput.write(Data("a stray line from a library\n".utf8))
        default:
            return
        }
    }
}
