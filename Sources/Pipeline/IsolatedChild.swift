#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One request to a child process that runs a hidden command on a file libhdf5 may choke on
/// (``ReadIsolation``, ``WriteIsolation``), and the refusal its death or hang becomes.
struct IsolatedChild {
    /// What the child is called in messages: "the process that reads every file first".
    var process: String
    /// What libhdf5 was doing in the child: "reading it".
    var activity: String

    /// Starts `executable command --parent PID`, sends `request` and returns the child's answer
    /// line; `model` is the file messages name. Throws ``PipelineError`` `.unusableInput` when the
    /// child cannot start, died of a signal, ran past its processor time, took more than `timeout`
    /// seconds, or ended otherwise than by answering and exiting 0.
    func ask(
        _ request: String, executable: String, command: String, model: String, timeout: Double?
    ) throws(PipelineError) -> String {
        let connection: WorkerConnection
        switch WorkerConnection.start(
            executable: executable, arguments: [command, "--parent", String(getpid())], errorFile: "/dev/null")
        {
        case .success(let started): connection = started
        case .failure(let failure):
            throw refusal(model, "cannot start \(process): \(failure.message)")
        }
        let answer = connection.ask(request, timeout: timeout)
        switch (answer, connection.finish()) {
        case (.line(let line), .exited(0)):
            return line
        case (_, .signaled(SIGXCPU)):
            throw refusal(
                model,
                "damaged HDF5 structure: libhdf5 was still \(activity) after "
                    + "\(ReadIsolation.processorTimeLimit(for: model)) s of processor time")
        case (_, .signaled(let signal)):
            throw refusal(
                model, "damaged HDF5 structure: libhdf5 crashed \(activity) (signal \(signal)) in \(process)")
        case (_, .timedOut):
            throw refusal(
                model, "damaged HDF5 structure: libhdf5 was still \(activity) after \(Int(timeout ?? 0)) s")
        case (_, let other):
            throw refusal(model, "\(process) failed (\(other))")
        }
    }

    private func refusal(_ model: String, _ message: String) -> PipelineError {
        PipelineError(.unusableInput, "\(model): \(message)", location: .init(file: model))
    }
}
