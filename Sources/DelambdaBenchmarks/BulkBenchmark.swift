import ArgumentParser
import Foundation
import JSON

/// `delambda bulk` throughput: a folder of a few hundred small models (copies of fixtures)
/// converted with each `--jobs` value, by the real binary as users run it.
struct BulkBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Models per second of delambda bulk on copies of small fixtures, and the speed-up of more jobs."
    )

    @Option(help: "Models in the generated zoo.")
    var models = 300

    @Option(help: "Fixtures copied round-robin into the zoo (comma-separated, under Fixtures/models).")
    var fixtures = "seed_examples,siamese_l1,tf_nn_relu,plain_layers,tfop_lambda,siamese_euclidean"

    @Option(help: "Folder holding the fixtures.")
    var fixtureFolder = "Fixtures/models"

    @Option(help: "Job counts to compare (comma-separated); the first is the baseline.")
    var jobs = "1,2"

    @Option(help: "Values of --models-per-worker to measure (comma-separated; 1 is a process per model).")
    var perWorker = "16,1"

    @Option(help: "What bulk writes: mlmodel (convert) or h5 (rewrite).")
    var to = "mlmodel"

    @Option(help: "The delambda binary (default: the one next to delambda-bench).")
    var delambda: String?

    @Option(
        help: "Where to make the zoo and the outputs (default: the temporary folder; /dev/shm leaves the disk out).")
    var folder: String?

    @Flag(help: "Keep the generated zoo and outputs.")
    var keep = false

    func run() throws {
        let binary = delambda ?? Self.siblingBinary()
        let counts = jobs.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else { throw ValidationError("bad --jobs \(jobs)") }
        guard ["mlmodel", "h5"].contains(to) else { throw ValidationError("bad --to \(to): mlmodel or h5") }
        let base = folder.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let work = base.appendingPathComponent("delambda-bench-bulk-\(UUID())")
        let zoo = work.appendingPathComponent("zoo")
        try makeZoo(zoo)
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        print("\(models) models (copies of \(fixtures)) in \(zoo.path), --to \(to); \(binary)")
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        for perWorkerCount in perWorker.split(separator: ",").compactMap({ Int($0) }) {
            print("--models-per-worker \(perWorkerCount):")
            try measure(binary, zoo: zoo, work: work, jobCounts: counts, perWorker: perWorkerCount)
        }
    }

    private func measure(_ binary: String, zoo: URL, work: URL, jobCounts counts: [Int], perWorker: Int) throws {
        var baseline: Double?
        for count in counts {
            let output = work.appendingPathComponent("out-\(perWorker)-jobs\(count)")
            let report = work.appendingPathComponent("report-\(perWorker)-jobs\(count).json")
            let arguments = [
                "bulk", zoo.path, "-o", output.path, "--to", to, "--jobs", "\(count)", "--models-per-worker",
                "\(perWorker)",
            ]
            let seconds = try Self.timed { try Self.run(binary, arguments + ["--report", report.path]) }
            let summary = try Self.summary(report)
            let rate = Double(models) / seconds
            var line = String(format: "  --jobs %d: %.2f s, %.1f models/s", count, seconds, rate)
            if let baseline { line += String(format: ", speed-up %.2fx over --jobs %d", rate / baseline, counts[0]) }
            print(line + "; " + summary)
            if baseline == nil { baseline = rate }
            if count == counts.last {
                let again = try Self.timed { try Self.run(binary, arguments) }
                print(
                    String(
                        format: "  rerun, all up to date: %.2f s, %.0f models/s checked", again, Double(models) / again)
                )
            }
        }
    }

    private func makeZoo(_ zoo: URL) throws {
        let names = fixtures.split(separator: ",").map(String.init)
        guard !names.isEmpty else { throw ValidationError("no fixtures") }
        try FileManager.default.createDirectory(at: zoo, withIntermediateDirectories: true)
        for index in 0..<models {
            let name = names[index % names.count]
            let folder = zoo.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: "\(fixtureFolder)/\(name).h5",
                toPath: folder.appendingPathComponent(String(format: "%04d.h5", index)).path)
        }
    }

    /// Counts by status and the mean time of each stage inside the workers.
    private static func summary(_ report: URL) throws -> String {
        let json = try JSONParser.parse(String(contentsOf: report, encoding: .utf8))
        let counts = (json["counts"]?.object ?? JSONObject()).filter { ($0.value.int ?? 0) > 0 }
            .map { "\($0.key) \($0.value.int ?? 0)" }.joined(separator: ", ")
        let records = json["models"]?.array ?? []
        var stages: [(String, Double)] = []
        for record in records {
            for member in record["timings"]?.object ?? JSONObject() {
                let seconds = member.value.double ?? 0
                if let index = stages.firstIndex(where: { $0.0 == member.key }) {
                    stages[index].1 += seconds
                } else {
                    stages.append((member.key, seconds))
                }
            }
        }
        let worker = records.compactMap { $0["worker_seconds"]?.double }.reduce(0, +)
        let count = Double(max(records.count, 1))
        let means = stages.map { "\($0.0) " + String(format: "%.1f", $0.1 / count * 1000) }.joined(separator: ", ")
        return counts + String(format: "; mean per model (ms): worker process %.1f = ", worker / count * 1000)
            + means + " + start-up and the rest"
    }

    private static func run(_ binary: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "delambda \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    private static func timed(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let duration = try clock.measure(body)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func siblingBinary() -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("delambda").path
    }
}
