import Foundation
import JSON
import Pipeline
import PythonAST
import TestSupport
import Testing

/// Every Lambda of the fixtures and of the shared corpus gives back its source.
@Suite struct LambdaRecoveryTests {
    static let fixtureModels = FixtureManifest.shared.models.filter { model in
        model.lambdas.contains { $0.payload == "marshal" }
    }

    @Test(arguments: fixtureModels)
    func fixtureLambdasDecompileToTheirSource(model: FixtureManifest.Model) throws {
        let report = try Pipeline.inspect(model.path)
        let damaged = Set(model.entry["damaged_layers"]?.array?.compactMap(\.string) ?? [])
        for lambda in model.lambdas where lambda.payload == "marshal" {
            let row = try #require(report.layers.first { $0.name == lambda.layer }, "\(lambda.layer)")
            let recovered = try #require(row.recovered)
            #expect(recovered.failure == nil, "\(lambda.layer): \(recovered.failure?.message ?? "")")
            let source = try #require(lambda.source)
            if let library = lambda.entry["marshaled_function"]?.string {
                #expect(recovered.origin == .library("tf.nn.relu"), "\(library)")
                continue
            }
            if !source.hasPrefix("lambda") && !source.hasPrefix("def ") {
                // A library function stored whole (Lambda(mobilenet_v2.preprocess_input)): known by
                // its name (resnet50's is resnet's own function).
                guard case .library(let name)? = recovered.origin else {
                    Issue.record("\(lambda.layer): \(String(describing: recovered.origin)) is not \(source)")
                    continue
                }
                #expect(name.split(separator: ".").last == source.split(separator: ".").last, "\(name)")
                continue
            }
            let function = try #require(recovered.function)
            // Static control flow decompiles to its paths inlined, which the manifest records.
            let expected = lambda.entry["decompiled"]?.string ?? source
            #expect(function.comparable == (try ExpectedFunction.parse(expected)).comparable, "\(lambda.layer)")
            let label = try #require(recovered.pythonVersion)
            #expect(Self.label(label, includes: model.pythonVersion), "\(lambda.layer): \(label)")
            if case .bytecode(_, let repaired)? = recovered.origin {
                #expect(repaired.isEmpty != damaged.contains(lambda.layer), "\(lambda.layer) repairs \(repaired)")
            }
        }
    }

    @Test func corpusLambdasDecompileToTheirReading() throws {
        let url = FixturePaths.corpus.deletingLastPathComponent().appendingPathComponent("manifest.json")
        let json = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let manifest = try #require(json.array)
        #expect(manifest.count >= 6)
        for entry in manifest {
            let file = try #require(entry["local_file"]?.string)
            let path = FixturePaths.corpus.deletingLastPathComponent().appendingPathComponent(file).path
            let report = try Pipeline.inspect(path)
            for layer in entry["lambda_layers"]?.array ?? [] {
                let name = try #require(layer["name"]?.string)
                let reading = try #require(layer["reading"]?.string)
                let source = String(reading.components(separatedBy: "   (")[0])
                let recovered = try #require(report.layers.first { $0.name == name }?.recovered, "\(file) \(name)")
                let function = try #require(recovered.function, "\(file): \(recovered.failure?.message ?? "")")
                #expect(function.comparable == (try ExpectedFunction.parse(source)).comparable, "\(file)")
                let written = try #require(layer["bytecode_python"]?.string?.split(separator: " ").first)
                #expect(Self.label(recovered.pythonVersion ?? "", includes: String(written)), "\(file)")
            }
        }
    }

    @Test func globalsAreReportedAndDefinesSupplyThem() throws {
        let path = FixturePaths.fixture("models/global_scale.h5")
        let bare = try #require(try Pipeline.inspect(path).layers.first { $0.name == "scale_global" }?.recovered)
        #expect(bare.binding?.missingGlobals == ["SCALE"])
        let options = try FunctionOptions.parse(python: nil, defines: ["SCALE=0.5"], functionSources: [])
        let defined = try #require(
            try Pipeline.inspect(path, options: options).layers.first { $0.name == "scale_global" }?.recovered)
        #expect(defined.binding?.missingGlobals == [])
        #expect(defined.binding?.expression == (try ExpressionParser.parse("x * 0.5")))
    }

    @Test func argumentsBindToParameters() throws {
        let path = FixturePaths.fixture("models/inception_resnet_block.h5")
        let row = try #require(try Pipeline.inspect(path).layers.first { $0.name == "scaled_residual" })
        let binding = try #require(row.recovered?.binding)
        #expect(binding.parameters.map(\.name) == ["inputs", "scale"])
        #expect(binding.parameters[0].source == .inputs(count: 2))
        #expect(binding.parameters[1].source == .argument(.constant(.float(0.17))))
        #expect(binding.expression == (try ExpressionParser.parse("inputs[0] + inputs[1] * 0.17")))
    }

    @Test func namedFunctionsNeedTheirSource() throws {
        let path = FixturePaths.fixture("models/keras3_named.h5")
        let missing = try #require(
            try Pipeline.inspect(path).layers.first { $0.name == "euclidean_distance" }?.recovered)
        #expect(missing.function == nil)
        #expect(missing.failure?.message.contains("--function-source FILE.py") == true)
        #expect(missing.failure?.message.contains("'euclidean_distance'") == true)

        let source = try #require(
            FixtureManifest.shared.models.first { $0.file == "models/keras3_named.h5" }?.lambdas.first?.source)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
        try "import keras\nfrom keras import ops\n\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let options = try FunctionOptions.parse(python: nil, defines: [], functionSources: [file.path])
        let supplied = try #require(
            try Pipeline.inspect(path, options: options).layers.first { $0.name == "euclidean_distance" }?.recovered)
        #expect(supplied.origin == .functionSource(path: file.path))
        #expect(supplied.function?.comparable == (try ExpectedFunction.parse(source)).comparable)
        #expect(supplied.binding?.parameters.first?.source == .inputs(count: 2))
    }

    @Test func aWrongPythonVersionIsRefusedPerLayer() throws {
        let options = try FunctionOptions.parse(python: "2.7", defines: [], functionSources: [])
        let report = try Pipeline.inspect(FixturePaths.fixture("models/bytecode_py38.h5"), options: options)
        let failures = report.lambdaRows.compactMap { $0.recovered?.failure?.message }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.contains("Python 2.7 cannot have written this code object") })
        #expect(throws: PipelineError.self) {
            try FunctionOptions.parse(python: "3.4", defines: [], functionSources: [])
        }
        #expect(throws: PipelineError.self) {
            try FunctionOptions.parse(python: nil, defines: ["1x=2"], functionSources: [])
        }
    }

    /// `3.8-3.10` includes `3.9`.
    static func label(_ label: String, includes version: String) -> Bool {
        let bounds = label.split(separator: "-").map(String.init)
        guard let wanted = PythonVersionText(version), let low = bounds.first.flatMap(PythonVersionText.init),
            let high = bounds.last.flatMap(PythonVersionText.init)
        else { return false }
        return low <= wanted && wanted <= high
    }
}

/// A `3.10` text as a comparable pair.
private struct PythonVersionText: Comparable {
    var major: Int
    var minor: Int

    init?(_ text: String) {
        let parts = text.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        major = parts[0]
        minor = parts[1]
    }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }
}
