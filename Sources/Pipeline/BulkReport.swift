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
    public var workerOptions: BulkWorkerOptions
    /// What did not stop the run (a subfolder that cannot be listed).
    public var warnings: [String]
    /// Every model of the list (of the shard), in list order.
    public var models: [ModelRecord]
    /// Wall-clock seconds of the whole run.
    public var seconds: Double
    /// Where the JSON report was written, as given (`--report`), for the summary's last line.
    public var reportPath: String?

    /// 0 when every model was converted or up to date, else 1.
    public var exitCode: Int32 { models.allSatisfy(\.status.isSuccess) ? 0 : 1 }

    public func count(_ status: ModelRecord.Status) -> Int { models.filter { $0.status == status }.count }

    /// Models a worker ran (all but the skipped ones) per second of the run.
    public var modelsPerSecond: Double {
        let worked = models.count - count(.skipped)
        return seconds > 0 ? Double(worked) / seconds : 0
    }

    /// What blocks the most models, most first (then by name): each op, global, construct or
    /// layer class with the number of models it keeps from converting. An unsupported model
    /// whose record names no blocker counts as `other (see the model's reason)`.
    public var blockers: [(blocker: String, models: Int)] {
        var counts: [String: Int] = [:]
        for record in models where !record.status.isSuccess {
            var blockers = record.blockers
            if blockers.isEmpty, record.status == .unsupported { blockers = ["other (see the model's reason)"] }
            for blocker in Set(blockers) { counts[blocker, default: 0] += 1 }
        }
        return counts.map { ($0.key, $0.value) }.sorted { ($1.models, $0.blocker) < ($0.models, $1.blocker) }
    }

    /// The machine-readable report; its keys are a contract (see docs/bulk.md).
    public func jsonValue() -> JSONValue {
        var root = JSONObject()
        root["delambda_version"] = .string(Pipeline.version)
        root["source"] = .string(source)
        root["output_folder"] = .string(outputFolder)
        root["target"] = .string(target)
        root["jobs"] = .int(jobs)
        root["shard"] = shard.map { ["index": .int($0.index), "count": .int($0.count)] } ?? .null
        root["worker_options"] = .array(workerOptions.flags.map(JSONValue.string))
        root["seconds"] = .double(ModelRecord.rounded(seconds))
        root["models_per_second"] = .double((modelsPerSecond * 1000).rounded() / 1000)
        var counts = JSONObject()
        for status in ModelRecord.Status.allCases { counts[status.rawValue] = .int(count(status)) }
        root["counts"] = .object(counts)
        root["warnings"] = .array(warnings.map(JSONValue.string))
        root["blockers"] = .array(blockers.map { ["blocker": .string($0.blocker), "models": .int($0.models)] })
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
        let blockers = self.blockers
        if !blockers.isEmpty {
            let width = max(10, blockers.map(\.blocker.count).max() ?? 0)
            lines.append("blocked by".padding(toLength: width, withPad: " ", startingAt: 0) + "  models")
            for (blocker, count) in blockers {
                lines.append(blocker.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(count)")
            }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
