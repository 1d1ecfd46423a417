import Foundation
import KerasModel
import ONNXBackend
import Pipeline
import TestSupport
import Testing

/// Every fixture with golden outputs, converted to ONNX and run by onnxruntime (a runtime not
/// written by us), gives TensorFlow's outputs within 1e-4 of their magnitude; onnx.checker
/// accepts every file. One Python process (scripts/check_onnx.py) checks them all.
@Suite struct ONNXRuntimeTests {
    /// Fixtures the ONNX backend refuses by name, and why: they fail loudly here once it converts them.
    static let notYet: [String: String] = [:]
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]
    /// Extra conversions at other opsets: reductions take axes as inputs from 18, Gelu exists from 20.
    static let otherOpsets: [(String, Int)] = [
        ("models/plain_sequential.h5", 13), ("models/lambda_math.h5", 13), ("models/lambda_shapes.h5", 18),
        ("models/activations.h5", 21),
    ]

    static let fixtures = FixtureManifest.shared.models.filter { model in
        model.golden != nil && model.entry["random"] == nil && model.entry["weights_only"]?.bool != true
    }

    struct Job: Codable {
        var name: String
        var onnx: String
        /// Nil for a model without goldens: checked and run on random inputs, outputs finite.
        var golden: String?
        /// Also run the whole batch at once (not for goldens recorded one sample at a time).
        var wholeBatch: Bool = true

        enum CodingKeys: String, CodingKey {
            case name, onnx, golden
            case wholeBatch = "whole_batch"
        }
    }

    @Test func everyFixtureRunsInONNXRuntimeAsInTensorFlow() throws {
        let python = try Self.python()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-onnx-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var jobs: [Job] = []
        var conversions = Self.fixtures.map { ($0, ONNXOpset.standard) }
        for (file, opset) in Self.otherOpsets {
            if let model = Self.fixtures.first(where: { $0.file == file }), let chosen = ONNXOpset(opset) {
                conversions.append((model, chosen))
            }
        }
        for (index, (model, opset)) in conversions.enumerated() {
            let name = opset == .standard ? model.file : "\(model.file)@opset\(opset.version)"
            let output = folder.appendingPathComponent("\(index).onnx")
            do {
                _ = try Pipeline.convert(
                    model.path, output: output.path, options: try Self.options(for: model), opset: opset)
            } catch {
                #expect(Self.notYet[model.file] != nil, "\(name): \(error)")
                continue
            }
            #expect(Self.notYet[model.file] == nil, "\(model.file) converts now: take it off the list")
            // A model over inputs of unknown size runs at every size it has goldens for.
            let goldens = try model.entry["goldens"]?.array?.compactMap(\.string) ?? [#require(model.golden)]
            for (size, golden) in goldens.enumerated() {
                jobs.append(
                    Job(
                        name: size == 0 ? name : "\(name)@size\(size)", onnx: output.path,
                        golden: FixturePaths.fixture(golden), wholeBatch: model.entry["per_sample"] == nil))
            }
        }
        jobs.append(try Self.externalDataJob(folder))
        jobs += try Self.corpusJobs(folder)
        jobs += try Self.keras1Jobs(folder)
        let results = try Self.check(jobs, python: python, folder: folder)
        for job in jobs {
            guard let result = results[job.name] else {
                Issue.record("\(job.name): no result from check_onnx.py")
                continue
            }
            print("\(job.name): \(result)")
            if job.golden == nil, result == "ok ran" { continue }
            guard result.hasPrefix("ok "), let error = Double(result.dropFirst(3)) else {
                Issue.record("\(job.name): \(result)")
                continue
            }
            #expect(error <= 1e-4, "\(job.name): max error \(error)")
        }
    }

    /// A model whose weights all go to a data file beside it (the threshold lowered from 2 GB to
    /// nothing): onnxruntime must find them there.
    static func externalDataJob(_ folder: URL) throws -> Job {
        let path = FixturePaths.fixture("models/plain_sequential.h5")
        let proto = try ONNXConverter.convert(try KerasModelReader.read(path), lambdas: [:])
        let file = try ONNXModelFile.serialize(proto, dataFileName: "external.onnx.data", threshold: 0)
        let data = try #require(file.data)
        #expect(data.count >= 4 * 291, "every weight moved out")
        try file.model.write(to: folder.appendingPathComponent("external.onnx"))
        try data.write(to: folder.appendingPathComponent("external.onnx.data"))
        return Job(
            name: "models/plain_sequential.h5@external-data", onnx: folder.appendingPathComponent("external.onnx").path,
            golden: FixturePaths.fixture("golden/plain_sequential.h5"))
    }

    /// Keras 1 `dim_ordering='th'` models (Fixtures/keras1): channels-first layers whose kernels
    /// are read rearranged (flipped for Theano), against the outputs of their tf_keras twins.
    static func keras1Jobs(_ folder: URL) throws -> [Job] {
        try ["th_cnn", "th_cnn_theano"].map { stem in
            let output = folder.appendingPathComponent("keras1_\(stem).onnx")
            _ = try Pipeline.convert(FixturePaths.fixture("keras1/\(stem).h5"), output: output.path)
            return Job(
                name: "keras1/\(stem).h5", onnx: output.path, golden: FixturePaths.fixture("keras1/golden/\(stem).h5"))
        }
    }

    /// The shared corpus's real models: each converts; the Keras 1.2.1 one is compared with its
    /// hand-built golden, the others (no goldens) run on random inputs.
    static func corpusJobs(_ folder: URL) throws -> [Job] {
        var jobs: [Job] = []
        for (index, path) in FixturePaths.corpusFiles.enumerated() {
            let output = folder.appendingPathComponent("corpus\(index).onnx")
            let name = "corpus/" + URL(fileURLWithPath: path).lastPathComponent
            do {
                _ = try Pipeline.convert(path, output: output.path)
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            let golden =
                name.hasPrefix("corpus/01_") ? FixturePaths.fixture("golden/corpus_01_car_behavioral_cloning.h5") : nil
            jobs.append(Job(name: name, onnx: output.path, golden: golden))
        }
        #expect(jobs.count >= 6, "the shared corpus has six models")
        return jobs
    }

    static func options(for model: FixtureManifest.Model) throws -> FunctionOptions {
        var sources: [String] = []
        if model.lambdas.first?.payload == "named", let source = model.lambdas.first?.source {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
            try "import keras\nfrom keras import ops\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
            sources.append(file.path)
        }
        return try FunctionOptions.parse(python: nil, defines: defines[model.file] ?? [], functionSources: sources)
    }

    /// Runs scripts/check_onnx.py over `jobs`; its result line for each model, by name.
    static func check(_ jobs: [Job], python: URL, folder: URL) throws -> [String: String] {
        let list = folder.appendingPathComponent("jobs.json")
        try JSONEncoder().encode(jobs).write(to: list)
        let process = Process()
        process.executableURL = python
        process.arguments = [FixturePaths.packageRoot.appendingPathComponent("scripts/check_onnx.py").path, list.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "check_onnx.py exited \(process.terminationStatus): \(text)")
        var results: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("RESULT ") {
            let parts = line.dropFirst("RESULT ".count).split(separator: " ", maxSplits: 1)
            if parts.count == 2 { results[String(parts[0])] = String(parts[1]) }
        }
        return results
    }

    /// The Python with onnx and onnxruntime: DELAMBDA_PYTHON, else the repository's `.venv`.
    /// Never skipped: without one the test fails saying how to make it.
    static func python() throws -> URL {
        let candidates = [
            ProcessInfo.processInfo.environment["DELAMBDA_PYTHON"],
            FixturePaths.packageRoot.appendingPathComponent(".venv/bin/python").path,
        ].compactMap { $0 }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record(
                "no Python with onnxruntime: run scripts/setup_python (makes .venv) or set DELAMBDA_PYTHON")
            throw MissingPython()
        }
        return URL(fileURLWithPath: found)
    }

    struct MissingPython: Error {}
}
