import Foundation
import JSON

extension Pipeline {
    /// Converts every model of a folder tree or list file in worker processes, converting
    /// `options.jobs` models at a time and skipping outputs that are up to date.
    ///
    /// One model's failure, crash or hang never stops the others: each gets a record.
    /// - Parameter progress: called once per model as it finishes, one call at a time.
    /// - Throws: ``PipelineError`` (usage, exit 2) for bad options, a missing source, clashing
    ///   outputs or a report that cannot be written; never for a model.
    public static func bulk(
        _ options: BulkOptions, progress: @escaping @Sendable (BulkProgress) -> Void = { _ in }
    ) throws(PipelineError) -> BulkReport {
        try options.check()
        _ = try options.rules.library()
        let list = try ModelList(source: options.source, outputFolder: options.outputFolder, target: options.target)
        if let path = options.reportPath { try checkReportPath(path, source: options.source, list: list) }
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
        let clock = ContinuousClock()
        let start = clock.now
        let runner = BulkRunner(
            jobs: jobs, options: options, executable: options.workerExecutable ?? WorkerExecutable.current,
            scratch: scratch.path, progress: progress)
        let models = runner.run()
        let report = BulkReport(
            source: BulkOptions.absolute(options.source), outputFolder: outputFolder, target: options.target.rawValue,
            jobs: options.jobs, shard: options.shard, workerOptions: options.workerOptions, warnings: list.warnings,
            models: models, seconds: ModelRecord.seconds(clock.now - start), reportPath: options.reportPath)
        if let path = options.reportPath {
            let text = JSONWriter(style: .pretty).string(report.jsonValue()) + "\n"
            try AtomicFile.write(Array(text.utf8), to: URL(fileURLWithPath: path).standardizedFileURL)
        }
        return report
    }

    /// The report must not be one of the models (it would be overwritten) nor go into the folder
    /// being converted: a bulk run never touches its inputs.
    private static func checkReportPath(_ path: String, source: String, list: ModelList) throws(PipelineError) {
        let resolved = { (path: String) in
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        let report = resolved(path)
        if list.jobs.contains(where: { resolved($0.input) == report }) {
            throw PipelineError(.usage, "--report \(path): that is one of the models, which bulk never overwrites")
        }
        var isFolder: ObjCBool = false
        let folder = resolved(source)
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
            report.hasPrefix(folder == "/" ? "/" : folder + "/")
        {
            throw PipelineError(
                .usage,
                "--report \(path): inside the folder of models \(source); write it elsewhere, as bulk never "
                    + "changes its inputs")
        }
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
