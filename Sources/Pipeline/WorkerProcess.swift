import Foundation

/// One run of a worker process: spawned with its standard output and error sent to files,
/// waited for, and killed when it outlives its time limit.
///
/// posix_spawn rather than Foundation's `Process`: the parent needs the exact exit status or
/// signal, a kill that can never hit a recycled process id, and no run loop.
struct WorkerProcess {
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Killed after the time limit.
        case timedOut
        /// posix_spawn failed; the reason.
        case notStarted(String)
    }

    struct Result {
        var termination: Termination
        var standardOutput: String
        var standardError: String
        var seconds: Double
    }

    let executable: String
    let arguments: [String]
    /// Files that receive the worker's standard output and error (truncated first).
    let outputFile: String
    let errorFile: String
    let timeout: Double?

    func run() -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        var termination: Termination
        switch spawn() {
        case .failure(let message):
            termination = .notStarted(message)
        case .success(let pid):
            termination = wait(for: pid)
        }
        return Result(
            termination: termination, standardOutput: Self.contents(outputFile),
            standardError: Self.contents(errorFile), seconds: ModelRecord.seconds(clock.now - start))
    }

    private enum Spawned {
        case success(pid_t)
        case failure(String)
    }

    private func spawn() -> Spawned {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        #if canImport(Darwin)
            let environment = _NSGetEnviron().pointee
        #else
            let environment = environ
        #endif
        let code = posix_spawn(&pid, executable, &actions, nil, argv, environment)
        guard code == 0 else { return .failure("\(executable): \(String(cString: strerror(code)))") }
        return .success(pid)
    }

    private func wait(for pid: pid_t) -> Termination {
        let watch = Watch(pid: pid)
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { watch.killIfRunning() }
        }
        // Wait without reaping first: until the process is reaped its id cannot be reused, so
        // the timer's kill can only ever reach this worker.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let timedOut = watch.finish()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { return .timedOut }
        // The <sys/wait.h> macros, which Swift does not import: low 7 bits the signal, else the
        // exit code in the next byte.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    private static func contents(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// Whether a worker is still running, shared by the waiting thread and the timer.
private final class Watch: @unchecked Sendable {
    private let lock = NSLock()
    private let pid: pid_t
    private var exited = false
    private var killed = false

    init(pid: pid_t) {
        self.pid = pid
    }

    func killIfRunning() {
        lock.withLock {
            guard !exited else { return }
            killed = kill(pid, SIGKILL) == 0
        }
    }

    /// Marks the worker as exited; whether the timer killed it.
    func finish() -> Bool {
        lock.withLock {
            exited = true
            return killed
        }
    }
}
