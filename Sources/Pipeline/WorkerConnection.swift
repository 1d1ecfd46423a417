import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `bulk-worker` child process and the pipes to it: one request line in, one answer line
/// out, with a time limit per request.
///
/// posix_spawn rather than Foundation's `Process`: the parent needs the exact exit status or
/// signal, pipes that no other worker inherits, and a kill that can never hit a recycled process
/// id.
final class WorkerConnection {
    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Killed after the time limit.
        case timedOut
    }

    enum Answer: Equatable {
        case line(String)
        /// The worker died before answering.
        case ended(Termination)
    }

    let pid: pid_t
    /// The write end of the worker's standard input; -1 once closed.
    private var requests: Int32
    private let answers: Int32
    private var buffer: [UInt8] = []
    private let watch: Watch
    private var termination: Termination?
    private var requestCount = 0
    /// Requests answered.
    private(set) var served = 0

    /// Whether the worker can take another request.
    var isAlive: Bool { termination == nil && !watch.wasKilled }

    private init(pid: pid_t, requests: Int32, answers: Int32) {
        self.pid = pid
        self.requests = requests
        self.answers = answers
        watch = Watch(pid: pid)
    }

    deinit {
        if requests >= 0 { close(requests) }
        close(answers)
    }

    /// Starts `executable` with `arguments`; its standard error is appended to `errorFile`.
    /// - Returns: the connection, or why the process could not be started.
    static func start(executable: String, arguments: [String], errorFile: String) -> Result<WorkerConnection, Failure> {
        // Pipes are made close-on-exec in a second step (pipe2 is not imported), so no other
        // thread may spawn in between: a worker that inherited another's pipe end would keep it
        // open and the parent would never see that other worker end.
        spawnLock.withLock { spawn(executable: executable, arguments: arguments, errorFile: errorFile) }
    }

    private static let spawnLock = NSLock()

    private static func spawn(
        executable: String, arguments: [String], errorFile: String
    ) -> Result<WorkerConnection, Failure> {
        guard let toWorker = pipe() else {
            return .failure(Failure(message: "cannot create a pipe: \(String(cString: strerror(errno)))"))
        }
        guard let fromWorker = pipe() else {
            let message = "cannot create a pipe: \(String(cString: strerror(errno)))"
            close(toWorker.read)
            close(toWorker.write)
            return .failure(Failure(message: message))
        }
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #elseif canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // dup2 clears close-on-exec on the worker's copies; every other end stays in the parent.
        posix_spawn_file_actions_adddup2(&actions, toWorker.read, 0)
        posix_spawn_file_actions_adddup2(&actions, fromWorker.write, 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        // The parent ignores SIGPIPE to survive a dead worker; the worker gets the default back,
        // and no blocked signal: a mask inherited from whoever started the parent would block the
        // SIGXCPU that ends a worker at its processor-time limit.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGPIPE, SIGXCPU, SIGXFSZ] { sigaddset(&signals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        #if canImport(Glibc)
            let environment = environ
        #elseif canImport(Darwin)
            let environment = _NSGetEnviron().pointee
        #endif
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        close(toWorker.read)
        close(fromWorker.write)
        guard code == 0 else {
            close(toWorker.write)
            close(fromWorker.read)
            return .failure(Failure(message: "\(executable): \(String(cString: strerror(code)))"))
        }
        return .success(WorkerConnection(pid: pid, requests: toWorker.write, answers: fromWorker.read))
    }

    struct Failure: Error {
        var message: String
    }

    /// Sends one request line and waits for the answer line, killing the worker when `timeout`
    /// seconds pass first.
    func ask(_ request: String, timeout: Double?) -> Answer {
        if let termination { return .ended(termination) }
        requestCount += 1
        let number = requestCount
        watch.arm(number)
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [watch] in watch.killIfServing(number) }
        }
        guard send(Array((request + "\n").utf8)), let line = readLine() else {
            return .ended(reap())
        }
        watch.disarm()
        served += 1
        return .line(line)
    }

    /// Kills a worker that can no longer be trusted (it answered out of turn) and waits for it.
    func abandon() {
        guard termination == nil else { return }
        watch.killNow()
        _ = reap()
    }

    /// Closes the worker's input so that it exits, and waits for it.
    @discardableResult
    func finish() -> Termination {
        if let termination { return termination }
        close(requests)
        requests = -1
        return reap()
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(requests, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private func readLine() -> String? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        // Only bytes not searched yet are searched: an answer of many megabytes (a model whose
        // config quotes huge names) arrives in many chunks and must not be rescanned for each.
        var searched = 0
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            searched = buffer.count
            let count = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// Waits for the worker to exit. Once `watch` knows it has exited no kill is sent, and its
    /// id cannot be reused before it is reaped here.
    private func reap() -> Termination {
        if let termination { return termination }
        let killed = watch.markExited()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The <sys/wait.h> macros, which Swift does not import: the low 7 bits hold the signal,
        // else the exit code is in the next byte.
        let signal = status & 0x7f
        let result: Termination = killed ? .timedOut : signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        termination = result
        return result
    }

    private static func pipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [0, 0]
        #if canImport(Glibc)
            guard Glibc.pipe(&ends) == 0 else { return nil }
        #elseif canImport(Darwin)
            guard Darwin.pipe(&ends) == 0 else { return nil }
        #endif
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return (ends[0], ends[1])
    }
}

/// Which request a worker is serving, shared by the thread waiting for its answer and the timer.
private final class Watch: @unchecked Sendable {
    private let lock = NSLock()
    private let pid: pid_t
    private var serving: Int?
    private var exited = false
    private var killed = false

    init(pid: pid_t) {
        self.pid = pid
    }

    var wasKilled: Bool { lock.withLock { killed } }

    func arm(_ request: Int) { lock.withLock { serving = request } }

    func disarm() { lock.withLock { serving = nil } }

    /// Kills the worker if it is still serving `request` and has not been reaped.
    func killIfServing(_ request: Int) {
        lock.withLock {
            guard !exited, serving == request else { return }
            killed = kill(pid, SIGKILL) == 0
        }
    }

    func killNow() { lock.withLock { _ = exited ? 0 : kill(pid, SIGKILL) } }

    /// Marks the worker as exited; whether the timer killed it.
    func markExited() -> Bool {
        lock.withLock {
            exited = true
            return killed
        }
    }
}
