import Foundation
import KerasBackend

/// What `delambda bulk` is asked to do: which models, where to, how many at once, and the options
/// every worker gets.
public struct BulkOptions: Sendable {
    /// What each model becomes. The target only changes the worker's subcommand and the output's
    /// extension.
    public enum Target: String, Sendable, CaseIterable {
        /// A Core ML model, by `delambda convert`.
        case mlmodel
        /// A portable Keras model, by `delambda rewrite`.
        case h5
        /// An ONNX model, by `delambda convert`.
        case onnx
        /// A Keras 3 `.keras` archive, by `delambda rewrite`.
        case keras
        /// A Core ML ML Program package (fp16), by `delambda convert`.
        case mlpackage

        var fileExtension: String { rawValue }

        /// The target `--to text` names.
        /// - Throws: ``PipelineError`` (usage, exit 2) naming the value and the targets written.
        public static func parse(_ text: String) throws(PipelineError) -> Target {
            if let target = Target(rawValue: text.lowercased()) { return target }
            let known = allCases.map(\.rawValue).joined(separator: " or ")
            let notYet = OutputFormat.notYet.contains(text.lowercased()) ? " (not yet)" : ""
            throw PipelineError(
                .usage,
                "--to \(text): bulk writes \(known) files (mlmodel, mlpackage and onnx by convert, h5 and keras by rewrite), not '\(text)'\(notYet)"
            )
        }
    }

    /// A folder to search for models, or a list file of model paths.
    public var source: String
    /// Where outputs go, mirroring the models' folders.
    public var outputFolder: String
    public var target: Target = .mlmodel
    /// The Keras flavour `--to h5` writes (nil: each model's own).
    public var flavour: KerasDialect?
    /// Models converted at the same time, each in its own worker process.
    public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Only this share of the sorted model list.
    public var shard: BulkShard?
    /// Seconds a worker may run before it is killed; nil waits for ever.
    public var timeout: Double?
    /// Models a worker process converts one after another before a fresh one takes over; 1 runs
    /// a process per model. A crash or a hang only ever loses the model in hand.
    public var modelsPerWorker = 16
    /// Convert even the models whose outputs are up to date.
    public var force = false
    /// Where to write the JSON report, atomically.
    public var reportPath: String?
    /// `--python`, `--define` and `--function-source` as given, passed on to every worker.
    public var python: String?
    public var defines: [String] = []
    public var functionSources: [String] = []
    public var rules = RuleOptions()
    /// The program the workers run; nil runs this process's own executable.
    public var workerExecutable: String?

    public init(source: String, outputFolder: String) {
        self.source = source
        self.outputFolder = outputFolder
    }

    /// The options every worker gets with each model, paths made absolute so that a worker reads
    /// the same files whatever its folder.
    var workerOptions: BulkWorkerOptions {
        BulkWorkerOptions(
            target: target, flavour: flavour, python: python, defines: defines,
            functionSources: functionSources.map(Self.absolute),
            rules: RuleOptions(
                paths: rules.paths.map(Self.absolute), exact: rules.exact,
                deterministicSampling: rules.deterministicSampling))
    }

    /// Refuses options no model could be converted with, before any work starts.
    /// - Throws: ``PipelineError`` (usage) naming the bad option: `--jobs` or `--models-per-worker`
    ///   below 1, a `--timeout` not above 0, a bad `--python`, `--define` or `--function-source`.
    public func check() throws(PipelineError) {
        guard jobs >= 1 else {
            throw PipelineError(.usage, "--jobs \(jobs): must be at least 1")
        }
        guard modelsPerWorker >= 1 else {
            throw PipelineError(.usage, "--models-per-worker \(modelsPerWorker): must be at least 1")
        }
        if let timeout, !(timeout > 0) {
            throw PipelineError(.usage, "--timeout \(timeout): must be more than 0 seconds")
        }
        // Bad worker options would fail every model alike: refuse them once, up front.
        _ = try FunctionOptions.parse(python: python, defines: defines, functionSources: functionSources)
    }

    /// The files whose changes make every output out of date: rule files (folders searched) and
    /// function sources.
    var dependencyFiles: [String] {
        var files: [String] = []
        for path in rules.paths.map(Self.absolute) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names = FileManager.default.subpaths(atPath: path) ?? []
            files += names.sorted().map { path + "/" + $0 }
        }
        return files + functionSources.map(Self.absolute)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// `--shard I/N`: the I-th of N shares of the sorted model list, I counted from 1.
///
/// Model number k of the sorted list (counted from 0) belongs to shard `k % N + 1`, so shards
/// differ in size by at most one and every model is in exactly one shard.
public struct BulkShard: Sendable, Equatable, CustomStringConvertible {
    /// From 1 to `count`.
    public var index: Int
    public var count: Int

    /// Parses `I/N`.
    /// - Throws: ``PipelineError`` (usage) when the text is not `I/N` with 1 ≤ I ≤ N.
    public init(_ text: String) throws(PipelineError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw PipelineError(.usage, "--shard \(text): expected I/N, such as 1/4")
        }
        guard count >= 1 else { throw PipelineError(.usage, "--shard \(text): N must be at least 1") }
        guard (1...count).contains(index) else {
            throw PipelineError(.usage, "--shard \(text): I must be from 1 to \(count)")
        }
        self.index = index
        self.count = count
    }

    /// Whether the model at `position` (from 0) of the sorted list is in this shard.
    func contains(position: Int) -> Bool { position % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
