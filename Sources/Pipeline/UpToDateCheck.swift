import Foundation
import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The skip rule of `bulk`: a model is not converted again when its output exists, is not older
/// than the model nor than any rule file or function source, and the previous run that wrote it
/// had the same options (recorded in a small sidecar file under `OUTDIR/.delambda-bulk/`).
struct UpToDateCheck: Sendable {
    /// What the output depends on besides the model: the Delambda version, the target and every
    /// option passed to the workers.
    let fingerprint: JSONValue
    /// The newest modification time among the rule files and function sources.
    let newestDependency: FileTime?
    let outputFolder: String

    init(options: BulkOptions) {
        fingerprint = [
            "delambda_version": .string(Pipeline.version), "target": .string(options.target.rawValue),
            "worker_options": .array(options.workerOptions.flags.map(JSONValue.string)),
        ]
        newestDependency = options.dependencyFiles.compactMap(FileTime.init(path:)).max()
        outputFolder = BulkOptions.absolute(options.outputFolder)
    }

    func sidecarPath(_ job: BulkJob) -> String {
        outputFolder + "/.delambda-bulk/" + job.relative + ".json"
    }

    /// The `skipped` record of `job` when its output is up to date, else nil.
    func skippedRecord(_ job: BulkJob) -> ModelRecord? {
        guard let written = FileTime(path: job.output), let input = FileTime(path: job.input), input <= written,
            newestDependency.map({ $0 <= written }) ?? true,
            let data = FileManager.default.contents(atPath: sidecarPath(job)),
            let sidecar = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
            sidecar["options"] == fingerprint, let previous = sidecar["record"].flatMap(ModelRecord.init(json:)),
            previous.status == .converted
        else { return nil }
        var record = ModelRecord(
            input: job.input, output: job.output, target: previous.target, status: .skipped,
            reason: "up to date: the output is not older than the model and the rules, and the options are the same")
        record.lambdas = previous.lambdas
        record.rules = previous.rules
        record.outputLayers = previous.outputLayers
        record.specificationVersion = previous.specificationVersion
        return record
    }

    /// Records that `record`'s output was written with these options.
    func recordConversion(_ record: ModelRecord, of job: BulkJob) throws(PipelineError) {
        let path = sidecarPath(job)
        let sidecar: JSONValue = ["options": fingerprint, "record": record.jsonValue()]
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.unusableInput, "\(folder.path): cannot create: \(error.localizedDescription)")
        }
        try AtomicFile.write(Array(JSONWriter(style: .compact).string(sidecar).utf8), to: URL(fileURLWithPath: path))
    }
}

/// A file's modification time, to the nanosecond; following symbolic links.
struct FileTime: Comparable, Sendable {
    var seconds: Int
    var nanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Glibc)
            let time = info.st_mtim
        #elseif canImport(Darwin)
            let time = info.st_mtimespec
        #endif
        seconds = Int(time.tv_sec)
        nanoseconds = Int(time.tv_nsec)
    }

    static func < (lhs: FileTime, rhs: FileTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}
