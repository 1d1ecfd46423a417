import Foundation
import JSON

/// Runs the jobs of a bulk conversion in worker processes, `workers` at a time, and collects one
/// record per job whatever happens to its worker.
final class BulkRunner: @unchecked Sendable {
    private let jobs: [BulkJob]
    private let options: BulkOptions
    private let executable: String
    private let check: UpToDateCheck
    private let progress: @Sendable (BulkProgress) -> Void
    private let scratch: String

    private let lock = NSLock()
    private var next = 0
    private var pending: [Int] = []
    private var records: [ModelRecord?]
    private var counts: [ModelRecord.Status: Int] = [:]
    private var completed = 0
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(
        jobs: [BulkJob], options: BulkOptions, executable: String, scratch: String,
        progress: @escaping @Sendable (BulkProgress) -> Void
    ) {
        self.jobs = jobs
        self.options = options
        self.executable = executable
        self.scratch = scratch
        self.progress = progress
        check = UpToDateCheck(options: options)
        records = Array(repeating: nil, count: jobs.count)
        start = clock.now
    }

    /// Every job's record, in job order.
    func run() -> [ModelRecord] {
        for (index, job) in jobs.enumerated() {
            if !options.force, let skipped = check.skippedRecord(job) {
                finish(index, skipped)
            } else {
                pending.append(index)
            }
        }
        let group = DispatchGroup()
        for slot in 0..<min(options.jobs, pending.count) {
            group.enter()
            let thread = Thread { [self] in
                while let index = take() { finish(index, convert(jobs[index], slot: slot)) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return records.enumerated().map { index, record in
            // Every job has finished by now; the fallback only guards against a logic error.
            record
                ?? ModelRecord(
                    input: jobs[index].input, output: jobs[index].output, target: options.target.rawValue,
                    status: .failed, reason: "\(jobs[index].input): no result was recorded")
        }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < pending.count else { return nil }
            defer { next += 1 }
            return pending[next]
        }
    }

    private func finish(_ index: Int, _ record: ModelRecord) {
        lock.withLock {
            records[index] = record
            completed += 1
            counts[record.status, default: 0] += 1
            progress(
                BulkProgress(
                    completed: completed, total: jobs.count, record: record, relative: jobs[index].relative,
                    counts: counts, elapsed: ModelRecord.seconds(clock.now - start)))
        }
    }

    /// Converts one model in a worker process and reads its record; a worker that crashes, hangs
    /// or answers nothing readable still gives a record, with its standard error's tail.
    private func convert(_ job: BulkJob, slot: Int) -> ModelRecord {
        let target = options.target.rawValue
        let folder = URL(fileURLWithPath: job.output).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return ModelRecord(
                input: job.input, output: job.output, target: target, status: .failed,
                reason: "\(folder.path): cannot create the output folder: \(error.localizedDescription)")
        }
        let worker = WorkerProcess(
            executable: executable,
            arguments: [options.target.subcommand, job.input, "-o", job.output, "--report-json"]
                + options.workerOptions,
            outputFile: "\(scratch)/worker\(slot).out", errorFile: "\(scratch)/worker\(slot).err",
            timeout: options.timeout)
        let result = worker.run()
        var record = interpret(result, job: job)
        record.workerSeconds = result.seconds
        let tail = Self.tail(of: result.standardError)
        if !tail.isEmpty { record.standardErrorTail = tail }
        if record.status == .converted {
            do {
                try check.recordConversion(record, of: job)
            } catch {
                record.status = .failed
                record.reason = error.message
            }
        }
        return record
    }

    private func interpret(_ result: WorkerProcess.Result, job: BulkJob) -> ModelRecord {
        var record = ModelRecord(input: job.input, output: job.output, target: options.target.rawValue, status: .failed)
        switch result.termination {
        case .notStarted(let message):
            record.reason = "cannot start the worker: \(message)"
        case .timedOut:
            record.status = .timeout
            record.reason =
                "\(job.input): no result after \(Self.format(options.timeout ?? 0)) s; the worker was killed"
            record.signal = SIGKILL
        case .signaled(let signal):
            record.status = .crashed
            record.reason = "\(job.input): the worker was killed by signal \(signal) (\(Self.signalName(signal)))"
            record.signal = signal
        case .exited(let code):
            record.exitCode = code
            let lastLine = result.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
            guard let value = try? JSONParser.parse(lastLine), var reported = ModelRecord(json: value) else {
                let message = result.standardError.split(separator: "\n").last.map { ": \($0)" } ?? ""
                record.reason = "\(job.input): the worker exited with code \(code) without a report\(message)"
                return record
            }
            reported.input = job.input
            reported.exitCode = code
            if reported.status == .converted && !FileManager.default.fileExists(atPath: job.output) {
                reported.status = .failed
                reported.reason = "\(job.output): the worker reported success but the file is not there"
            }
            record = reported
        }
        return record
    }

    /// The last lines of a worker's standard error, at most 2,000 characters.
    static func tail(of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(20).joined(separator: "\n")
        return lines.count > 2000 ? "..." + String(lines.suffix(2000)) : lines
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
            SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP", SIGINT: "SIGINT",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
