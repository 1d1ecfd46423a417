import ArgumentParser
import Foundation
import KerasModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Core ML conversion of large models: wall time next to a plain copy of the same file, and the
/// converter's peak memory next to the model's largest weight tensor.
struct ConvertBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert large models (Fixtures/generate/make_benchmark_models.py) and compare with a file copy.",
        discussion: """
            Each model is converted by the delambda binary beside this one, in a child process whose
            peak resident memory the kernel reports; the copy is a read and a write of the same
            file in 8 MiB blocks. Best of --rounds for both. Goal: conversion within 3x the copy,
            peak memory under twice the largest weight tensor plus 100 MB.
            """
    )

    @Argument(help: "Models to convert.")
    var models: [String] = ["Fixtures/large/resnet50.h5", "Fixtures/large/inception_resnet_v2.h5"]

    @Option(help: "Runs per model; the best is reported.")
    var rounds = 3

    func run() throws {
        let delambda = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("delambda").path
        guard FileManager.default.isExecutableFile(atPath: delambda) else {
            throw ValidationError("no delambda binary beside this one (\(delambda)): build the delambda product")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-bench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in models {
            guard FileManager.default.fileExists(atPath: path) else {
                print("\(path): missing (run Fixtures/generate/make_benchmark_models.py)")
                continue
            }
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            let largest = try Self.largestTensorBytes(path)
            let output = folder.appendingPathComponent("model.mlmodel").path
            let copyTarget = folder.appendingPathComponent("copy.h5").path
            var convert = ChildRun(seconds: .infinity, peakBytes: 0, status: 0)
            var copy = Double.infinity
            for _ in 0..<rounds {
                let run = try ChildRun.run(delambda, ["convert", path, "-o", output])
                guard run.status == 0 else { throw ValidationError("delambda convert \(path) exited \(run.status)") }
                convert.seconds = min(convert.seconds, run.seconds)
                convert.peakBytes = max(convert.peakBytes, run.peakBytes)
                copy = min(copy, try Self.copy(path, to: copyTarget))
            }
            let written = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? 0
            let budget = 2 * largest + 100_000_000
            print(
                """
                \(path): \(Self.megabytes(size)) in, \(Self.megabytes(written)) .mlmodel out
                  convert \(Self.seconds(convert.seconds)), copy \(Self.seconds(copy)): \
                \(String(format: "%.2f", convert.seconds / copy))x the copy (goal 3x)
                  peak memory \(Self.megabytes(convert.peakBytes)), largest tensor \(Self.megabytes(largest)): \
                budget 2 x tensor + 100 MB = \(Self.megabytes(budget)) \(convert.peakBytes <= budget ? "(met)" : "(over)")
                """)
        }
    }

    static func largestTensorBytes(_ path: String) throws -> Int {
        let model = try KerasModelReader.read(path)
        return model.weights.weightsByLayer.values.joined().map { $0.count * 4 }.max() ?? 0
    }

    /// Seconds to copy `source` to `target` by blocks (what `cp` does), target removed first.
    static func copy(_ source: String, to target: String) throws -> Double {
        try? FileManager.default.removeItem(atPath: target)
        let start = ContinuousClock.now
        guard let input = FileHandle(forReadingAtPath: source),
            FileManager.default.createFile(atPath: target, contents: nil),
            let output = FileHandle(forWritingAtPath: target)
        else { throw ValidationError("cannot copy \(source)") }
        while let block = try input.read(upToCount: 8 << 20), !block.isEmpty { try output.write(contentsOf: block) }
        try output.close()
        try input.close()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
}

/// A child process's wall time, peak resident memory and exit status.
struct ChildRun {
    var seconds: Double
    var peakBytes: Int
    var status: Int32

    static func run(_ executable: String, _ arguments: [String]) throws -> ChildRun {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            let environment = environ
            // Linux reports the peak in kilobytes.
            let peakUnit = 1024
        #elseif canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            let environment = _NSGetEnviron().pointee
            // macOS reports it in bytes.
            let peakUnit = 1
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let start = ContinuousClock.now
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environment) == 0 else {
            throw ValidationError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw ValidationError("lost child \(pid)") }
        let elapsed = ContinuousClock.now - start
        return ChildRun(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            peakBytes: Int(usage.ru_maxrss) * peakUnit, status: status)
    }
}
