import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the jobs of a bulk conversion in worker processes, `options.jobs` at a time, and collects one
/// record per job whatever happens to its worker.
final class BulkRunner: @unchecked Sendable {
    private let jobs: [BulkJob]
    private let options: BulkOptions
    private let workerOptions: BulkWorkerOptions
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
    /// Output folders this run created, so that those left empty by failed models are removed.
    private var createdFolders: Set<String> = []
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(
        jobs: [BulkJob], options: BulkOptions, executable: String, scratch: String,
        progress: @escaping @Sendable (BulkProgress) -> Void
    ) {
        self.jobs = jobs
        self.options = options
        workerOptions = options.workerOptions
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
                serve(slot: slot)
                group.leave()
            }
            thread.start()
        }
        group.wait()
        removeEmptyCreatedFolders()
        return records.enumerated().map { index, record in
            // Every job has finished by now; the fallback only guards against a logic error.
            record
                ?? ModelRecord(
                    input: jobs[index].input, output: jobs[index].output, target: options.target.rawValue,
                    status: .failed, reason: "\(jobs[index].input): no result was recorded")
        }
    }

    /// One worker slot: takes jobs until none is left, keeping a worker process for up to
    /// `modelsPerWorker` models and starting a fresh one after that or after a crash.
    private func serve(slot: Int) {
        var worker: WorkerConnection?
        let errorFile = "\(scratch)/worker\(slot).err"
        while let index = take() {
            if let current = worker, !current.isAlive || current.served >= options.modelsPerWorker {
                current.finish()
                worker = nil
            }
            finish(index, convert(jobs[index], worker: &worker, errorFile: errorFile))
        }
        worker?.finish()
    }

    /// Creates `path` and the folders above it that are missing, remembering which it made.
    private func createFolder(_ path: String) throws {
        var missing: [String] = []
        var current = path
        var isFolder: ObjCBool = false
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current, isDirectory: &isFolder)
        {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        lock.withLock { createdFolders.formUnion(missing) }
    }

    /// Removes the folders this run created that hold nothing (their models failed), deepest
    /// first, so that the output folder holds only finished outputs and the report.
    private func removeEmptyCreatedFolders() {
        for folder in createdFolders.sorted(by: { $0.count > $1.count }) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? ["?"]
            if contents.isEmpty { try? FileManager.default.removeItem(atPath: folder) }
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
    private func convert(_ job: BulkJob, worker: inout WorkerConnection?, errorFile: String) -> ModelRecord {
        let target = options.target.rawValue
        let folder = URL(fileURLWithPath: job.output).deletingLastPathComponent()
        do {
            try createFolder(folder.path)
        } catch {
            return ModelRecord(
                input: job.input, output: job.output, target: target, status: .failed,
                reason: "\(folder.path): cannot create the output folder: \(error.localizedDescription)")
        }
        let errorOffset = Self.size(of: errorFile)
        let clock = ContinuousClock()
        let started = clock.now
        if worker == nil {
            switch WorkerConnection.start(
                executable: executable, arguments: ["bulk-worker"],
                errorFile: errorFile)
            {
            case .success(let started): worker = started
            case .failure(let failure):
                return ModelRecord(
                    input: job.input, output: job.output, target: target, status: .failed,
                    reason: "cannot start the worker: \(failure.message)")
            }
        }
        let request = BulkWorkerRequest(input: job.input, output: job.output, options: workerOptions)
        let answer = worker?.ask(JSONWriter(style: .compact).string(request.jsonValue()), timeout: options.timeout)
        let errors = Self.tail(of: Self.contents(of: errorFile, from: errorOffset))
        var (record, inTurn) = interpret(answer ?? .ended(.exited(-1)), job: job, errors: errors)
        if !inTurn {
            // An answer out of turn (something else written on the worker's standard output)
            // would shift every later answer onto the wrong model: start afresh.
            worker?.abandon()
            worker = nil
        }
        record.workerSeconds = ModelRecord.seconds(clock.now - started)
        if !errors.isEmpty { record.standardErrorTail = errors }
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

    /// The record `answer` gives, and whether the worker can be trusted with the next model: false
    /// when it died or answered out of turn.
    private func interpret(
        _ answer: WorkerConnection.Answer, job: BulkJob, errors: String
    ) -> (ModelRecord, inTurn: Bool) {
        var record = ModelRecord(input: job.input, output: job.output, target: options.target.rawValue, status: .failed)
        switch answer {
        case .line(let line):
            guard let value = try? JSONParser.parse(line), var reported = ModelRecord(json: value),
                reported.input == job.input
            else {
                record.reason = "\(job.input): the worker's answer is not this model's report: \(line.prefix(200))"
                return (record, false)
            }
            reported.exitCode = reported.status.exitCode
            if reported.status == .converted && !FileManager.default.fileExists(atPath: job.output) {
                reported.status = .failed
                reported.reason = "\(job.output): the worker reported success but the file is not there"
            }
            return (reported, true)
        case .ended(.timedOut):
            record.status = .timeout
            record.reason =
                "\(job.input): no result after \(Self.format(options.timeout ?? 0)) s; the worker was killed"
            record.signal = SIGKILL
        case .ended(.signaled(let signal)):
            record.status = .crashed
            record.reason = "\(job.input): the worker was killed by signal \(signal) (\(Self.signalName(signal)))"
            record.signal = signal
        case .ended(.exited(let code)):
            let message = errors.split(separator: "\n").last.map { ": \($0)" } ?? ""
            record.reason = "\(job.input): the worker exited with code \(code) without a report\(message)"
        }
        return (record, false)
    }

    private static func size(of path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }

    private static func contents(of path: String, from offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        } catch {
            return ""
        }
    }

    /// What a worker wrote on standard error, shortened to its first 12 and last 8 lines (a
    /// crash's backtrace says what happened at the top) and at most 2,000 characters.
    static func tail(of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        var kept = lines.map(String.init)
        if lines.count > 20 {
            kept =
                lines.prefix(12).map(String.init) + ["[... \(lines.count - 20) lines ...]"]
                + lines.suffix(8).map(String.init)
        }
        let joined = kept.joined(separator: "\n")
        return joined.count > 2000 ? String(joined.prefix(2000)) + "..." : joined
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
