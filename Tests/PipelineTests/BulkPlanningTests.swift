import Foundation
import JSON
import Testing

@testable import Pipeline

/// The parts of `bulk` that decide what runs where: the model list, output paths, shards, the
/// records workers send back, and progress lines.
@Suite struct BulkPlanningTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-plan-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func touch(_ root: URL, _ paths: [String]) throws {
        for path in paths {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
    }

    @Test func aFolderIsSearchedForModelsSortedWithMirroredOutputs() throws {
        let root = try Self.folder()
        try Self.touch(
            root, ["b.h5", "a/z.hdf5", "a/Y.H5", "notes.txt", ".hidden.h5", "a/.cache/c.h5", "out/old.h5"])
        let list = try ModelList(
            source: root.path, outputFolder: root.appendingPathComponent("out").path, target: .mlmodel)
        #expect(list.jobs.map(\.relative) == ["a/Y.H5", "a/z.hdf5", "b.h5"])
        #expect(list.jobs.map(\.position) == [0, 1, 2])
        #expect(list.jobs.map(\.output) == ["a/Y", "a/z", "b"].map { root.path + "/out/" + $0 + ".mlmodel" })
        #expect(list.root == root.path)
        let portable = try ModelList(source: root.path, outputFolder: "/elsewhere", target: .h5)
        #expect(portable.jobs.first { $0.relative == "b.h5" }?.output == "/elsewhere/b.h5")
        #expect(portable.jobs.map(\.relative).contains("out/old.h5"))
    }

    @Test func anOutputOverwritingItsModelOrAnotherOutputIsRefused() throws {
        let root = try Self.folder()
        try Self.touch(root, ["m.h5", "n.h5", "n.hdf5"])
        #expect(throws: PipelineError.self) {
            try ModelList(source: root.path, outputFolder: root.path, target: .h5)
        }
        do {
            _ = try ModelList(source: root.path, outputFolder: "/elsewhere", target: .mlmodel)
            Issue.record("n.h5 and n.hdf5 both give n.mlmodel")
        } catch {
            #expect(error.message.contains("would both be written to /elsewhere/n.mlmodel"))
            #expect(error.exitCode == 2)
        }
    }

    @Test func aListFileKeepsItsEntriesOnceRelativeToItself() throws {
        let root = try Self.folder()
        try Self.touch(root, ["zoo/x/a.h5", "zoo/y/b.h5"])
        let list = root.appendingPathComponent("zoo/list.txt")
        try "# models\n\nx/a.h5\r\n  \(root.path)/zoo/y/b.h5  \n./x/a.h5\n#y/b.h5\n".write(
            to: list, atomically: true, encoding: .utf8)
        let models = try ModelList(source: list.path, outputFolder: "/out", target: .mlmodel)
        #expect(models.root == root.path + "/zoo")
        #expect(models.jobs.map(\.relative) == ["x/a.h5", "y/b.h5"])
        #expect(models.jobs.map(\.output) == ["/out/x/a.mlmodel", "/out/y/b.mlmodel"])
    }

    @Test(arguments: [
        (["/a/b/c.h5", "/a/b/d/e.h5"], "/a/b"), (["/a/b/c.h5"], "/a/b"), (["/x/c.h5", "/y/c.h5"], "/"),
        ([String](), "/"),
    ])
    func theCommonFolderIsTheDeepestHoldingAll(paths: [String], folder: String) {
        #expect(ModelList.commonFolder(of: paths) == folder)
    }

    @Test func shardsParseAndSplitRoundRobin() throws {
        let shard = try BulkShard("2/3")
        #expect(shard.index == 2 && shard.count == 3)
        #expect((0..<9).filter { shard.contains(position: $0) } == [1, 4, 7])
        for count in 1...5 {
            var owners = [Int](repeating: 0, count: 11)
            for index in 1...count {
                let shard = try BulkShard("\(index)/\(count)")
                for position in 0..<11 where shard.contains(position: position) { owners[position] += 1 }
            }
            #expect(owners.allSatisfy { $0 == 1 }, "N = \(count)")
        }
        for bad in ["0/3", "4/3", "1/0", "-1/2", "1", "1/2/3", "a/b", ""] {
            #expect(throws: PipelineError.self, "\(bad)") { try BulkShard(bad) }
        }
    }

    @Test func aRecordSurvivesItsJSON() throws {
        var record = ModelRecord(
            input: "/zoo/a.h5", output: "/out/a.mlmodel", target: "mlmodel", status: .unsupported,
            reason: "layer 'x': unsupported: SCALE")
        record.lambdas = [
            ModelRecord.Lambda(
                layer: "x", className: "Lambda", status: .unsupported, source: "lambda x: x * SCALE",
                pythonVersion: "3.11", rules: ["py-mul"], residue: "SCALE", message: "layer 'x': ...")
        ]
        record.rules = ["py-mul"]
        record.timings = [.init(stage: "read", seconds: 0.25), .init(stage: "rules", seconds: 0.5)]
        record.exitCode = 1
        record.workerSeconds = 1.5
        record.standardErrorTail = "delambda: error: ..."
        let text = JSONWriter(style: .compact).string(record.jsonValue())
        #expect(!text.contains("\n"))
        #expect(ModelRecord(json: try JSONParser.parse(text)) == record)
        #expect(ModelRecord(json: ["input": "a"]) == nil)
        #expect(ModelRecord(json: ["input": "a", "output": "b", "target": "h5", "status": "weird"]) == nil)
    }

    @Test func statusesMapToTheExitCodesOfTheContract() {
        let codes = Dictionary(uniqueKeysWithValues: ModelRecord.Status.allCases.map { ($0.rawValue, $0.exitCode) })
        #expect(
            codes == [
                "converted": 0, "skipped": 0, "unsupported": 1, "corrupt": 2, "unreadable": 2, "failed": 2,
                "crashed": 2, "timeout": 2,
            ])
    }

    @Test func progressIsAPlainLineOrABarThatFits() {
        var record = ModelRecord(
            input: "/zoo/sub/a.h5", output: "/out/sub/a.mlmodel", target: "mlmodel", status: .converted)
        record.workerSeconds = 0.4
        var progress = BulkProgress(
            completed: 3, total: 12, record: record, relative: "sub/a.h5", counts: [.converted: 2, .corrupt: 1],
            elapsed: 1.5)
        #expect(progress.line == "[ 3/12] converted   sub/a.h5 (0.40 s)")
        #expect(progress.bar(width: 100) == "[######..................] 3/12 ok 2 not 1 2.0/s sub/a.h5")
        #expect(progress.bar(width: 20).count == 19)
        progress.record.status = .corrupt
        progress.record.reason = "/zoo/sub/a.h5: not HDF5"
        #expect(progress.line == "[ 3/12] corrupt     sub/a.h5 (0.40 s): /zoo/sub/a.h5: not HDF5")
    }

    @Test func theWorkerAnswersEachRequestWithThatModelsRecord() throws {
        let out = try Self.folder()
        let worker = BulkWorker()
        for name in ["a", "b"] {
            let request = BulkWorkerRequest(
                input: "/nonexistent/\(name).h5", output: out.path + "/\(name).mlmodel",
                options: BulkWorkerOptions(target: .mlmodel))
            let answer = worker.answer(JSONWriter(style: .compact).string(request.jsonValue()))
            #expect(!answer.contains("\n"))
            let record = try #require(ModelRecord(json: try JSONParser.parse(answer)))
            #expect(record.input == "/nonexistent/\(name).h5")
            #expect(record.status == .unreadable)
        }
        let garbled = try #require(ModelRecord(json: try JSONParser.parse(worker.answer("not json"))))
        #expect(garbled.status == .failed)
        #expect(garbled.reason == "the worker cannot read its request: not json")
        let portable = BulkWorker()
        let request = BulkWorkerRequest(
            input: "/zoo/a.h5", output: "/out/a.h5", options: BulkWorkerOptions(target: .h5))
        let answer = portable.answer(JSONWriter(style: .compact).string(request.jsonValue()))
        let record = try #require(ModelRecord(json: try JSONParser.parse(answer)))
        // A missing model is unreadable for `rewrite` too, and the record says so.
        #expect(record.status == .unreadable && record.target == "h5")
        #expect(record.reason?.isEmpty == false)
    }

    @Test(arguments: [
        BulkWorkerOptions(),
        BulkWorkerOptions(
            target: .h5, flavour: .keras3, python: "3.11", defines: ["SCALE=0.5", "N = 2"],
            functionSources: ["/src/euclid.py"],
            rules: RuleOptions(paths: ["/rules/a.yaml", "/rules/more"], exact: true, deterministicSampling: true)),
    ])
    func aWorkerRequestSurvivesItsJSONLine(options: BulkWorkerOptions) throws {
        let request = BulkWorkerRequest(input: "/zoo/a b.h5", output: "/out/a b.mlmodel", options: options)
        let line = JSONWriter(style: .compact).string(request.jsonValue())
        #expect(!line.contains("\n"))
        #expect(try BulkWorkerRequest(json: try JSONParser.parse(line)) == request)
    }

    @Test func theReportNamesTheWorkerOptionsAsTheirFlags() {
        let options = BulkWorkerOptions(
            target: .h5, flavour: .keras2, python: "3.8", defines: ["SCALE=0.5"], functionSources: ["/f.py"],
            rules: RuleOptions(paths: ["/r"], exact: true, deterministicSampling: true))
        #expect(
            options.flags == [
                "--flavour", "keras2", "--rules", "/r", "--exact", "--deterministic-sampling", "--python", "3.8",
                "--define", "SCALE=0.5", "--function-source", "/f.py",
            ])
        #expect(BulkWorkerOptions().flags.isEmpty)
    }

    @Test func aRequestWithoutOptionsIsRefused() throws {
        #expect(throws: PipelineError.self) {
            try BulkWorkerRequest(json: ["input": "/a.h5", "output": "/a.mlmodel"])
        }
    }

    @Test func convertRecordingNamesTheStageThatStopped() throws {
        let out = try Self.folder()
        let missing = Pipeline.convertRecording(
            "/nonexistent/m.h5", output: out.appendingPathComponent("m.mlmodel").path)
        #expect(missing.status == .unreadable)
        #expect(missing.reason == "/nonexistent/m.h5: cannot open: No such file or directory")
        #expect(missing.timings.isEmpty)
        let folder = Pipeline.convertRecording(out.path, output: out.appendingPathComponent("m.mlmodel").path)
        #expect(folder.status == .unreadable)
        #expect(folder.reason?.hasSuffix("it is a folder") == true)
        let notModel = out.appendingPathComponent("m.h5")
        try Data("not a model".utf8).write(to: notModel)
        let corrupt = Pipeline.convertRecording(notModel.path, output: out.appendingPathComponent("m.mlmodel").path)
        #expect(corrupt.status == .corrupt)
        #expect(corrupt.timings.map(\.stage) == ["read"])
        let same = Pipeline.convertRecording(notModel.path, output: notModel.path)
        #expect(same.status == .failed)
        #expect(same.reason?.contains("refusing to overwrite the input") == true)
    }
}
