import Foundation
import JSON

/// What `delambda bulk` did: one record per model, counts by status, and the time it took.
public struct BulkReport: Sendable {
    public var source: String
    public var outputFolder: String
    public var target: String
    public var jobs: Int
    public var shard: BulkShard?
    /// The options every worker got.
    public var workerOptions: [String]
    /// What did not stop the run (a subfolder that cannot be listed).
    public var warnings: [String]
    /// Every model of the list (of the shard), in list order.
    public var models: [ModelRecord]
    /// Wall-clock seconds of the whole run.
    public var seconds: Double

    /// 0 when every model was converted or up to date, else 1.
    public var exitCode: Int32 { models.allSatisfy(\.status.isSuccess) ? 0 : 1 }

    public func count(_ status: ModelRecord.Status) -> Int { models.filter { $0.status == status }.count }

    /// Models a worker ran (all but the skipped ones) per second of the run.
    public var modelsPerSecond: Double {
        let worked = models.count - count(.skipped)
        return seconds > 0 ? Double(worked) / seconds : 0
    }

    /// The machine-readable report; its keys are a contract (see README, "bulk").
    public func jsonValue() -> JSONValue {
        var root = JSONObject()
        root["delambda_version"] = .string(Pipeline.version)
        root["source"] = .string(source)
        root["output_folder"] = .string(outputFolder)
        root["target"] = .string(target)
        root["jobs"] = .int(jobs)
        root["shard"] = shard.map { ["index": .int($0.index), "count": .int($0.count)] } ?? .null
        root["worker_options"] = .array(workerOptions.map(JSONValue.string))
        root["seconds"] = .double(ModelRecord.rounded(seconds))
        root["models_per_second"] = .double((modelsPerSecond * 1000).rounded() / 1000)
        var counts = JSONObject()
        for status in ModelRecord.Status.allCases { counts[status.rawValue] = .int(count(status)) }
        root["counts"] = .object(counts)
        root["warnings"] = .array(warnings.map(JSONValue.string))
        root["models"] = .array(models.map { $0.jsonValue() })
        return .object(root)
    }

    /// The table printed at the end: models by status, time and throughput, then one line per
    /// model that was not converted, with why.
    public func renderSummary() -> String {
        var lines = ["status       models"]
        for status in ModelRecord.Status.allCases where count(status) > 0 {
            lines.append(status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " \(count(status))")
        }
        lines.append("total        \(models.count)")
        lines.append(
            String(format: "%d models in %.2f s, %.2f models/s", models.count, seconds, modelsPerSecond)
                + " (\(jobs) job\(jobs == 1 ? "" : "s")\(shard.map { ", shard \($0)" } ?? ""))")
        let failures = models.filter { !$0.status.isSuccess }
        if !failures.isEmpty {
            lines.append("not converted:")
            for record in failures {
                lines.append("  \(record.status.rawValue): \(record.reason ?? record.input)")
            }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Pipeline {
    /// Converts every model of a folder tree or list file, each in its own worker process,
    /// `options.jobs` at a time, skipping outputs that are up to date.
    ///
    /// One model's failure, crash or hang never stops the others: each gets a record.
    /// - Parameter progress: called once per model as it finishes, one call at a time.
    /// - Throws: ``PipelineError`` (usage, exit 2) for bad options, a missing source, clashing
    ///   outputs or a report that cannot be written; never for a model.
    public static func bulk(
        _ options: BulkOptions, progress: @escaping @Sendable (BulkProgress) -> Void = { _ in }
    ) throws(PipelineError) -> BulkReport {
        guard options.jobs >= 1 else {
            throw PipelineError(.unusableInput, "--jobs \(options.jobs): must be at least 1")
        }
        guard options.modelsPerWorker >= 1 else {
            throw PipelineError(.unusableInput, "--models-per-worker \(options.modelsPerWorker): must be at least 1")
        }
        if let timeout = options.timeout, !(timeout > 0) {
            throw PipelineError(.unusableInput, "--timeout \(timeout): must be more than 0 seconds")
        }
        // Bad worker options would fail every model alike: refuse them once, up front.
        _ = try FunctionOptions.parse(
            python: options.python, defines: options.defines, functionSources: options.functionSources)
        _ = try options.rules.library()
        let list = try ModelList(source: options.source, outputFolder: options.outputFolder, target: options.target)
        let jobs = list.jobs.filter { options.shard?.contains(position: $0.position) ?? true }
        let outputFolder = BulkOptions.absolute(options.outputFolder)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "delambda-bulk-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.unusableInput, "\(options.outputFolder): cannot create: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A worker that dies while a request is being written must not take the parent with it:
        // the write fails with EPIPE instead, and the model is reported.
        signal(SIGPIPE, SIG_IGN)
        let clock = ContinuousClock()
        let start = clock.now
        let runner = BulkRunner(
            jobs: jobs, options: options, executable: options.workerExecutable ?? WorkerExecutable.current,
            scratch: scratch.path, progress: progress)
        let models = runner.run()
        let report = BulkReport(
            source: BulkOptions.absolute(options.source), outputFolder: outputFolder, target: options.target.rawValue,
            jobs: options.jobs, shard: options.shard, workerOptions: options.workerOptions, warnings: list.warnings,
            models: models, seconds: ModelRecord.seconds(clock.now - start))
        if let path = options.reportPath {
            let text = JSONWriter(style: .pretty).string(report.jsonValue()) + "\n"
            try AtomicFile.write(Array(text.utf8), to: URL(fileURLWithPath: path).standardizedFileURL)
        }
        return report
    }
}

/// The path of the running executable, which `bulk` runs again as its workers.
enum WorkerExecutable {
    static var current: String {
        // Linux names the running binary exactly, whatever the working folder or PATH.
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        if let path = Bundle.main.executablePath { return path }
        return BulkOptions.absolute(CommandLine.arguments[0])
    }
}
