import ArgumentParser
import Foundation
import KerasModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conversion of large models to each output format: wall time next to a plain copy of the same
/// file, and the converter's peak memory next to the model's largest weight tensor.
struct ConvertBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert large models (Fixtures/generate/make_benchmark_models.py) and compare with a file copy.",
        discussion: """
            Each model is converted by the delambda binary beside this one, in a child process whose
            peak resident memory the kernel reports; the copy is a read and a write of the same
            file in 8 MiB blocks. Best of --rounds for both, and the median. Goal: conversion within
            3x the copy, peak memory under twice the largest weight tensor plus 100 MB.
            """
    )

    @Argument(help: "Models to convert.")
    var models: [String] = ["Fixtures/large/resnet50.h5", "Fixtures/large/inception_resnet_v2.h5"]

    @Option(help: "Runs per model; the best and the median are reported.")
    var rounds = 3

    @Option(
        help: "Output formats, comma-separated: mlmodel, mlpackage (float16), mlpackage-fp32, onnx.",
        transform: { $0.split(separator: ",").map(String.init) })
    var formats: [String] = ["mlmodel"]

    /// The output file name and the extra arguments of each format `--formats` names.
    static let formatArguments: [String: (file: String, arguments: [String])] = [
        "mlmodel": ("model.mlmodel", []),
        "mlpackage": ("model.mlpackage", ["--precision", "float16"]),
        "mlpackage-fp32": ("model.mlpackage", ["--precision", "float32"]),
        "onnx": ("model.onnx", []),
    ]

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
            let copyTarget = folder.appendingPathComponent("copy.h5").path
            var copies: [Double] = []
            for _ in 0..<rounds { copies.append(try Self.copy(path, to: copyTarget)) }
            let copy = copies.min() ?? .infinity
            print("\(path): \(Self.megabytes(size)) in; copy \(Self.spread(copies))")
            for format in formats {
                guard let (file, arguments) = Self.formatArguments[format] else {
                    throw ValidationError("unknown format \(format): one of \(Self.formatArguments.keys.sorted())")
                }
                let output = folder.appendingPathComponent(file).path
                var runs: [ChildRun] = []
                for _ in 0..<rounds {
                    let run = try ChildRun.run(delambda, ["convert", path, "-o", output] + arguments)
                    guard run.status == 0 else {
                        throw ValidationError("delambda convert \(path) -o \(file) exited \(run.status)")
                    }
                    runs.append(run)
                }
                let seconds = runs.map(\.seconds)
                let best = seconds.min() ?? .infinity
                let peak = runs.map(\.peakBytes).max() ?? 0
                let budget = 2 * largest + 100_000_000
                print(
                    """
                      \(format): \(Self.megabytes(Self.sizeOnDisk(output))) out; convert \(Self.spread(seconds)): \
                    \(String(format: "%.2f", best / copy))x the copy (goal 3x)
                        peak memory \(Self.megabytes(peak)), largest tensor \(Self.megabytes(largest)): \
                    budget 2 x tensor + 100 MB = \(Self.megabytes(budget)) \(peak <= budget ? "(met)" : "(over)")
                    """)
            }
        }
    }

    /// "best B s, median M s" of a list of timings.
    static func spread(_ seconds: [Double]) -> String {
        let sorted = seconds.sorted()
        guard let best = sorted.first else { return "no runs" }
        return "best \(Self.seconds(best)), median \(Self.seconds(sorted[sorted.count / 2]))"
    }

    /// The bytes of a file, or of every file under a folder (a package).
    static func sizeOnDisk(_ path: String) -> Int {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
        guard isFolder.boolValue else { return (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let files = manager.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return files.reduce(0) { total, name in
            total + ((try? manager.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0)
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
