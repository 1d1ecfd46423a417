import CoreMLSpec
import Foundation
import HDF5
import JSON
import TestSupport
import Testing

/// `delambda bulk` as users run it over a model zoo: every model in the report with the right
/// status and reason, whatever its worker did; outputs for the good ones; reruns that skip what
/// is up to date; shards that split the list; list files.
@Suite struct BulkCommandTests {
    /// A zoo of every kind of model, by the status bulk must give it (paths under the zoo).
    static let zoo: [(path: String, fixture: String?, status: String)] = [
        ("good/plain_sequential.h5", "models/plain_sequential.h5", "converted"),
        ("good/lambda_math.h5", "models/lambda_math.h5", "converted"),
        ("good/deeper/multi_lambda.h5", "models/multi_lambda.h5", "converted"),
        ("unsupported/global_scale.h5", "models/global_scale.h5", "unsupported"),
        ("unsupported/unknown_layer.h5", "bad/unknown_layer.h5", "unsupported"),
        ("corrupt/truncated.h5", "bad/truncated.h5", "corrupt"),
        ("corrupt/not_hdf5.h5", "bad/not_hdf5.h5", "corrupt"),
        // libhdf5 crashes on it in the child that reads each file first, not in the worker.
        ("corrupt/libhdf5_crash.h5", "hostile/libhdf5_crash.h5", "corrupt"),
        ("unreadable/dangling.h5", nil, "unreadable"),
        ("crash/crash.h5", "models/siamese_l1.h5", "crashed"),
    ]

    static let abortCrashModel = ["DELAMBDA_TEST_WORKER_FAULT": "abort:crash.h5"]

    static func folder(_ name: String = "zoo") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-bulk-\(UUID())/\(name)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies `fixtures` (path under the folder, fixture) into a new folder; a nil fixture is a
    /// dangling symbolic link.
    static func makeZoo(_ fixtures: [(path: String, fixture: String?, status: String)] = zoo) throws -> URL {
        let root = try folder()
        for (path, fixture, _) in fixtures {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let fixture {
                try FileManager.default.copyItem(atPath: FixturePaths.fixture(fixture), toPath: url.path)
            } else {
                try FileManager.default.createSymbolicLink(
                    atPath: url.path, withDestinationPath: root.appendingPathComponent("gone.h5").path)
            }
        }
        try "not a model".write(to: root.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        return root
    }

    static func report(_ path: URL) throws -> JSONValue {
        try JSONParser.parse(String(contentsOf: path, encoding: .utf8))
    }

    /// The models of a report by path under `root`.
    static func models(_ report: JSONValue, under root: URL) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for model in report["models"]?.array ?? [] {
            guard let input = model["input"]?.string else { continue }
            result[String(input.dropFirst(root.path.count + 1))] = model
        }
        return result
    }

    @Test func aMixedZooIsReportedModelByModelAndNothingIsLost() throws {
        let zoo = try Self.makeZoo()
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda(
            ["bulk", zoo.path, "-o", output.path, "--jobs", "2", "--report", reportFile.path],
            environment: Self.abortCrashModel)
        #expect(result.exitCode == 1, "\(result.standardError)")

        let report = try Self.report(reportFile)
        let models = Self.models(report, under: zoo)
        #expect(models.keys.sorted() == Self.zoo.map(\.path).sorted())
        for (path, _, status) in Self.zoo {
            #expect(models[path]?["status"]?.string == status, "\(path): \(String(describing: models[path]))")
            if status != "converted" { #expect(models[path]?["reason"]?.string?.isEmpty == false, "\(path)") }
        }
        #expect(report["counts"]?["converted"] == 3)
        #expect(report["counts"]?["unsupported"] == 2)
        #expect(report["counts"]?["corrupt"] == 3)
        #expect(report["counts"]?["unreadable"] == 1)
        #expect(report["counts"]?["crashed"] == 1)

        // Why, model by model.
        let scale = try #require(models["unsupported/global_scale.h5"])
        #expect(scale["reason"]?.string?.contains("layer 'scale_global'") == true)
        #expect(scale["exit_code"] == 1)
        let lambda = try #require(scale["lambdas"]?[0])
        #expect(lambda["layer"] == "scale_global")
        #expect(lambda["status"] == "unsupported")
        #expect(lambda["residue"] == "SCALE")
        #expect(lambda["source"] == "lambda x: x * SCALE")
        #expect(models["unsupported/unknown_layer.h5"]?["reason"]?.string?.contains("MyCustomLayer") == true)
        #expect(models["corrupt/truncated.h5"]?["reason"]?.string?.contains("truncated") == true)
        #expect(models["corrupt/not_hdf5.h5"]?["exit_code"] == 2)
        #expect(models["unreadable/dangling.h5"]?["reason"]?.string?.contains("dangling symbolic link") == true)
        let crash = try #require(models["crash/crash.h5"])
        #expect(crash["signal"] == 6)
        #expect(crash["reason"]?.string?.contains("SIGABRT") == true)
        #expect(crash["exit_code"] == nil)

        // The good ones: mirrored outputs that parse, the rules that fired, timings per stage.
        for path in ["good/plain_sequential", "good/lambda_math", "good/deeper/multi_lambda"] {
            let file = output.appendingPathComponent(path + ".mlmodel")
            let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: file))
            #expect(!spec.neuralNetwork.layers.isEmpty, "\(path)")
            let model = try #require(models[path + ".h5"])
            #expect(model["output"]?.string == file.path)
            #expect(model["exit_code"] == 0)
            // The rule library is loaded only for models with Lambdas; backend includes writing.
            let stages = path.hasSuffix("plain_sequential") ? ["read", "backend"] : ["read", "rules", "backend"]
            for stage in stages {
                #expect(model["timings"]?[stage]?.double != nil, "\(path) \(stage)")
            }
        }
        let multi = try #require(models["good/deeper/multi_lambda.h5"])
        #expect(multi["rules"]?.array?.contains("k-l2-normalize") == true)
        #expect(multi["lambdas"]?.array?.allSatisfy { $0["status"] == "rewritable" } == true)
        #expect(multi["lambdas"]?.array?.count == 12)
        let written = try FileManager.default.subpathsOfDirectory(atPath: output.path)
            .filter { $0.hasSuffix(".mlmodel") }.sorted()
        #expect(
            written == [
                "good/deeper/multi_lambda.mlmodel", "good/lambda_math.mlmodel", "good/plain_sequential.mlmodel",
            ])

        // Not a terminal: one plain progress line per model on stderr; the table on stdout.
        let progress = result.standardError.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(progress.count == Self.zoo.count, "\(result.standardError)")
        #expect(result.standardOutput.contains("converted    3"))
        #expect(result.standardOutput.contains("crashed      1"))
        #expect(result.standardOutput.contains("total        \(Self.zoo.count)"))
        #expect(result.standardOutput.contains("models/s"))
    }

    @Test func aRerunSkipsWhatIsUpToDateAndRedoesWhatChanged() throws {
        let zoo = try Self.makeZoo(Array(Self.zoo.prefix(4)))
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let arguments = ["bulk", zoo.path, "-o", output.path, "--jobs", "2", "--report", reportFile.path]
        #expect(try ProcessRunner.delambda(arguments).exitCode == 1)

        func statuses(_ extra: [String] = []) throws -> [String: String] {
            let result = try ProcessRunner.delambda(arguments + extra)
            #expect(result.exitCode == 1, "\(result.standardError)")
            return Self.models(try Self.report(reportFile), under: zoo).compactMapValues { $0["status"]?.string }
        }
        let again = try statuses()
        #expect(again["good/plain_sequential.h5"] == "skipped")
        #expect(again["good/lambda_math.h5"] == "skipped")
        #expect(again["good/deeper/multi_lambda.h5"] == "skipped")
        // A model that failed has no output and is tried again.
        #expect(again["unsupported/global_scale.h5"] == "unsupported")
        let skipped = Self.models(try Self.report(reportFile), under: zoo)["good/deeper/multi_lambda.h5"]
        #expect(skipped?["rules"]?.array?.contains("k-l2-normalize") == true)

        // A model newer than its output is converted again; the others stay skipped.
        let touched = zoo.appendingPathComponent("good/lambda_math.h5")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: touched.path)
        let afterTouch = try statuses()
        #expect(afterTouch["good/lambda_math.h5"] == "converted")
        #expect(afterTouch["good/plain_sequential.h5"] == "skipped")

        // Other options or --force redo everything.
        let changed = try statuses(["--exact"])
        #expect(changed["good/plain_sequential.h5"] == "converted")
        let forced = try statuses(["--exact", "--force"])
        #expect(forced["good/plain_sequential.h5"] == "converted")
        #expect(forced.values.filter { $0 == "skipped" }.isEmpty)

        // A rule file newer than the outputs makes them out of date.
        let rules = zoo.deletingLastPathComponent().appendingPathComponent("scale.yaml")
        try "rules:\n  - id: scale\n    match: mul($x, SCALE)\n    rewrite: mul($x, 0.5)\n".write(
            to: rules, atomically: true, encoding: .utf8)
        let withRules = try ProcessRunner.delambda(arguments + ["--exact", "--rules", rules.path])
        #expect(withRules.exitCode == 0, "\(withRules.standardOutput)")
        let ruled = Self.models(try Self.report(reportFile), under: zoo)
        #expect(ruled["unsupported/global_scale.h5"]?["status"] == "converted")
        #expect(ruled["unsupported/global_scale.h5"]?["rules"]?.array?.contains("scale") == true)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(120)], ofItemAtPath: rules.path)
        let rerun = try ProcessRunner.delambda(arguments + ["--exact", "--rules", rules.path])
        #expect(rerun.exitCode == 0)
        let redone = Self.models(try Self.report(reportFile), under: zoo).compactMapValues { $0["status"]?.string }
        #expect(Set(redone.values) == ["converted"])
    }

    @Test func aFileWithoutReadPermissionIsUnreadableUnlessRootCanReadIt() throws {
        let zoo = try Self.makeZoo([("locked.h5", "models/plain_sequential.h5", "unreadable")])
        let locked = zoo.appendingPathComponent("locked.h5")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked.path) }
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda(["bulk", zoo.path, "-o", output.path, "--report", reportFile.path])
        let model = try #require(Self.models(try Self.report(reportFile), under: zoo)["locked.h5"])
        // Mode 000 stops everyone but root, who reads any file: the honest outcome differs.
        if geteuid() == 0 {
            #expect(result.exitCode == 0)
            #expect(model["status"] == "converted")
        } else {
            #expect(result.exitCode == 1)
            #expect(model["status"] == "unreadable")
            #expect(model["reason"]?.string?.contains("Permission denied") == true)
        }
    }

    @Test func aHangingWorkerIsKilledAtTheTimeoutAndTheOthersGoOn() throws {
        let zoo = try Self.makeZoo([
            ("slow.h5", "models/plain_sequential.h5", "timeout"), ("fast.h5", "models/lambda_math.h5", "converted"),
        ])
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda(
            [
                "bulk", zoo.path, "-o", output.path, "--jobs", "1", "--models-per-worker", "1", "--timeout", "8",
                "--report", reportFile.path,
            ],
            environment: ["DELAMBDA_TEST_WORKER_FAULT": "hang:slow.h5"])
        #expect(result.exitCode == 1)
        let models = Self.models(try Self.report(reportFile), under: zoo)
        #expect(models["slow.h5"]?["status"] == "timeout")
        #expect(models["slow.h5"]?["reason"]?.string?.contains("no result after 8 s") == true)
        #expect(models["fast.h5"]?["status"] == "converted")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("slow.mlmodel").path))
    }

    @Test func aWorkerThatCrashesOrAnswersOutOfTurnIsReplacedAndLaterModelsAreNotMisreported() throws {
        let names = ["a.h5", "b.h5", "c.h5", "d.h5", "e.h5"]
        let zoo = try Self.makeZoo(names.map { ($0, "models/seed_examples.h5", "converted") })
        let base = zoo.deletingLastPathComponent()
        for (fault, status) in [("abort:b.h5", "crashed"), ("chatter:b.h5", "failed")] {
            let reportFile = base.appendingPathComponent("report.json")
            let result = try ProcessRunner.delambda(
                ["bulk", zoo.path, "-o", base.appendingPathComponent("out").path, "--jobs", "1", "--force"]
                    + ["--report", reportFile.path],
                environment: ["DELAMBDA_TEST_WORKER_FAULT": fault])
            #expect(result.exitCode == 1)
            let models = Self.models(try Self.report(reportFile), under: zoo)
            #expect(models["b.h5"]?["status"]?.string == status, "\(fault)")
            for name in names where name != "b.h5" {
                #expect(models[name]?["status"] == "converted", "\(fault): \(name)")
                #expect(models[name]?["input"]?.string == zoo.appendingPathComponent(name).path)
            }
        }
    }

    @Test func shardsCoverTheSortedListExactlyOnce() throws {
        let names = (1...7).map { "m\($0).h5" }
        let zoo = try Self.makeZoo(names.map { ($0, "models/plain_sequential.h5", "converted") })
        let base = zoo.deletingLastPathComponent()
        var seen: [String] = []
        for index in 1...3 {
            let reportFile = base.appendingPathComponent("report\(index).json")
            let result = try ProcessRunner.delambda([
                "bulk", zoo.path, "-o", base.appendingPathComponent("out").path, "--shard", "\(index)/3",
                "--report", reportFile.path,
            ])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let report = try Self.report(reportFile)
            #expect(report["shard"]?["index"] == .int(index))
            let shard = Self.models(report, under: zoo).keys.sorted()
            #expect(shard.count == (index == 1 ? 3 : 2))
            seen += shard
        }
        #expect(seen.sorted() == names)
        #expect(Set(seen).count == names.count)
        // Model k of the sorted list is in shard k % N + 1.
        let first = try Self.report(base.appendingPathComponent("report1.json"))
        #expect(Self.models(first, under: zoo).keys.sorted() == ["m1.h5", "m4.h5", "m7.h5"])
    }

    @Test func aListFileNamesModelsRelativeToItself() throws {
        let zoo = try Self.makeZoo(Array(Self.zoo.prefix(4)))
        let list = zoo.appendingPathComponent("models.txt")
        try """
        # the models to convert
        good/plain_sequential.h5

          good/deeper/multi_lambda.h5
        \(zoo.path)/unsupported/global_scale.h5
        good/../good/plain_sequential.h5
        """.write(to: list, atomically: true, encoding: .utf8)
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda(["bulk", list.path, "-o", output.path, "--report", reportFile.path])
        #expect(result.exitCode == 1)
        let models = Self.models(try Self.report(reportFile), under: zoo)
        #expect(
            models.keys.sorted() == [
                "good/deeper/multi_lambda.h5", "good/plain_sequential.h5", "unsupported/global_scale.h5",
            ])
        // Outputs mirror the deepest folder holding every listed model.
        #expect(
            FileManager.default.fileExists(
                atPath: output.appendingPathComponent("good/deeper/multi_lambda.mlmodel").path))
        #expect(models["unsupported/global_scale.h5"]?["status"] == "unsupported")

        // The function options reach every worker.
        let defined = try ProcessRunner.delambda([
            "bulk", list.path, "-o", output.path, "--report", reportFile.path, "--define", "SCALE=0.5",
        ])
        #expect(defined.exitCode == 0, "\(defined.standardOutput)")
        let report = try Self.report(reportFile)
        #expect(report["worker_options"] == ["--define", "SCALE=0.5"])
        #expect(Self.models(report, under: zoo)["unsupported/global_scale.h5"]?["status"] == "converted")
        #expect(Self.models(report, under: zoo)["good/plain_sequential.h5"]?["status"] == "converted")
    }

    @Test func junkLinesAndMissingModelsLeaveNoFolderBehind() throws {
        let zoo = try Self.makeZoo(Array(Self.zoo.prefix(1)))
        let list = zoo.appendingPathComponent("models.txt")
        try "good/plain_sequential.h5\n\u{01}\u{02}junk\t\nmissing/deep/model.h5\ngood\n\n"
            .write(to: list, atomically: true, encoding: .utf8)
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let result = try ProcessRunner.delambda(["bulk", list.path, "-o", output.path])
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("missing/deep/model.h5"))
        let left = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        // The converted model's folder and bulk's own records, no folder for the models that failed.
        #expect(left == [".delambda-bulk", "good"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("good").path) == [
                "plain_sequential.mlmodel"
            ])
    }

    @Test func toH5RewritesEachModel() throws {
        // `--to h5` has the workers run `rewrite`: portable .h5 files mirroring the tree, and the
        // models that cannot be rewritten reported with the reason.
        let zoo = try Self.makeZoo(Self.zoo.filter { ["converted", "unsupported", "corrupt"].contains($0.status) })
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        // A folder where one output goes: that model's rewrite fails (the output), it is not corrupt.
        let blocked = output.appendingPathComponent("good/deeper/multi_lambda.h5")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        let result = try ProcessRunner.delambda([
            "bulk", zoo.path, "-o", output.path, "--to", "h5", "--report", reportFile.path,
        ])
        #expect(result.exitCode == 1, "\(result.standardError)")
        let models = Self.models(try Self.report(reportFile), under: zoo)
        #expect(models.count == 8)
        for (path, model) in models {
            #expect(model["target"] == "h5")
            #expect(model["output"]?.string?.hasSuffix(".h5") == true)
            // An unknown layer class is no obstacle to rewriting: only Lambdas are replaced.
            let expected = path.hasSuffix("unknown_layer.h5") ? "converted" : Self.zoo.first { $0.path == path }?.status
            if path.hasSuffix("multi_lambda.h5") {
                #expect(model["status"] == "failed", "\(path): \(model)")
            } else if expected == "corrupt" {
                #expect(model["status"] == "corrupt", "\(path): \(model)")
            } else if expected == "converted" {
                #expect(model["status"] == "converted", "\(path): \(model)")
                let written = try #require(model["output"]?.string)
                #expect(FileManager.default.fileExists(atPath: written), "\(path)")
            } else {
                #expect(model["status"]?.string != "converted", "\(path): \(model)")
                #expect(model["reason"]?.string?.isEmpty == false, "\(path)")
            }
        }
    }

    @Test func toH5WritesTheFlavourAsked() throws {
        // `--flavour keras2` reaches every worker: Keras 3 models written for tf.keras (the LSTMs
        // gated by Keras 3's hard_sigmoid with their gate weights scaled), and a model with no
        // tf.keras form reported with the layer and the flavour it was written for.
        let zoo = try Self.makeZoo([
            ("a/keras3_layers.h5", "models/keras3_layers.h5", "converted"),
            ("a/keras3_recurrent.h5", "models/keras3_recurrent.h5", "converted"),
            ("b/vae_sampling.h5", "models/vae_sampling.h5", "unsupported"),
        ])
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let reportFile = zoo.deletingLastPathComponent().appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda([
            "bulk", zoo.path, "-o", output.path, "--to", "h5", "--flavour", "keras2", "--report", reportFile.path,
            "--models-per-worker", "1",
        ])
        #expect(result.exitCode == 1, "\(result.standardError)")
        let report = try Self.report(reportFile)
        #expect(report["worker_options"] == ["--flavour", "keras2"])
        let models = Self.models(report, under: zoo)
        for name in ["a/keras3_layers.h5", "a/keras3_recurrent.h5"] {
            #expect(models[name]?["status"] == "converted", "\(name)")
            let written = try #require(models[name]?["output"]?.string)
            #expect(try HDF5File.open(written).root.attributes.read("keras_version")?.string == "2.13.1")
        }
        let refused = models["b/vae_sampling.h5"]
        #expect(refused?["status"] == "unsupported")
        let reason = refused?["reason"]?.string ?? ""
        #expect(reason.contains("layer 'sampling'") && reason.contains("no Keras 2 (tf.keras) form"), "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("b/vae_sampling.h5").path))
    }

    @Test(arguments: [
        ["--shard", "0/3"], ["--shard", "4/3"], ["--shard", "1/0"], ["--shard", "a/b"], ["--jobs", "0"],
        ["--timeout", "0"], ["--models-per-worker", "0"], ["--to", "tflite"], ["--define", "SCALE"],
        ["--flavour", "keras3"],
        ["--rules", "/nonexistent/rules.yaml"],
    ])
    func usageErrorsExitWithTwoBeforeAnyWork(extra: [String]) throws {
        let zoo = try Self.makeZoo(Array(Self.zoo.prefix(1)))
        let output = zoo.deletingLastPathComponent().appendingPathComponent("out")
        let result = try ProcessRunner.delambda(["bulk", zoo.path, "-o", output.path] + extra)
        #expect(result.exitCode == 2, "\(extra): \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("good").path))
    }

    @Test func aMissingSourceOrAModelGivenAsTheListIsAUsageError() throws {
        let output = try Self.folder("out")
        let missing = try ProcessRunner.delambda(["bulk", "/nonexistent/zoo", "-o", output.path])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("/nonexistent/zoo: no such folder or list file"))
        let model = try ProcessRunner.delambda([
            "bulk", FixturePaths.fixture("models/plain_sequential.h5"), "-o", output.path,
        ])
        #expect(model.exitCode == 2)
        #expect(model.standardError.contains("not a folder or a list"))
    }

    @Test func convertReportJSONIsTheWorkersOneLineRecord() throws {
        let output = try Self.folder("out")
        let good = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/siamese_euclidean.h5"), "-o",
            output.appendingPathComponent("a.mlmodel").path, "--report-json",
        ])
        #expect(good.exitCode == 0)
        #expect(good.standardOutput.split(separator: "\n").count == 1)
        let record = try JSONParser.parse(good.standardOutput)
        #expect(record["status"] == "converted")
        let distance = record["lambdas"]?.array?.first { $0["layer"] == "euclidean_distance" }
        #expect(distance?["status"] == "rewritable")
        #expect(distance?["rules"]?.array?.contains("k-square") == true)
        #expect(record["lambdas"]?.array?.count == 2)
        #expect((record["output_layers"]?.int ?? 0) > 0)
        let corrupt = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("bad/not_hdf5.h5"), "-o", output.appendingPathComponent("b.mlmodel").path,
            "--report-json",
        ])
        #expect(corrupt.exitCode == 2)
        #expect(try JSONParser.parse(corrupt.standardOutput)["status"] == "corrupt")
        #expect(corrupt.standardError.hasPrefix("delambda: error: "))
    }
}
