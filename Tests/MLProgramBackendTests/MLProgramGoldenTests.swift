import CoreOps
import Foundation
import MILEvaluator
import Pipeline
import TestSupport
import Testing

/// Every fixture converted to an ML Program package, read back (the model message parsed, the
/// weights through ``MILBlobFile``) and run by the reference MIL evaluator gives TensorFlow's
/// golden outputs: within 1e-4 of their magnitude in fp32, 1e-2 in fp16.
@Suite struct MLProgramGoldenTests {
    /// Fixtures the ML Program backend refuses, and why: they fail loudly here once it converts them.
    static let notYet: [String: String] = [
        "families/flexible_shapes/gru_any_length_tf_keras.h5": flexible,
        "families/flexible_shapes/gru_any_length_keras3.h5": flexible,
        "families/flexible_shapes/sequence_any_length_tf_keras.h5": flexible,
        "families/flexible_shapes/sequence_any_length_keras3.h5": flexible,
        "families/flexible_shapes/image_any_size_tf_keras.h5": flexible,
        "families/flexible_shapes/image_any_size_keras3.h5": flexible,
        "families/flexible_shapes/resize_any_size_tf_keras.h5": flexible,
        "families/flexible_shapes/resize_any_size_keras3.h5": flexible,
    ]
    static let flexible = "inputs of flexible size: an ML Program input declares no shape ranges yet"
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]

    static let fixtures = FixtureManifest.shared.models.filter { model in
        model.golden != nil && model.entry["random"] == nil && model.entry["weights_only"]?.bool != true
    }

    static let bars: [MILPrecision: Double] = [.float32: 1e-4, .float16: 1e-2]

    @Test(arguments: fixtures, [MILPrecision.float32, .float16])
    func packageMatchesTensorFlow(model: FixtureManifest.Model, precision: MILPrecision) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlpackage")
        defer { try? FileManager.default.removeItem(at: output) }
        do {
            _ = try Pipeline.convert(
                model.path, output: output.path, options: try Self.options(for: model),
                mlProgram: MLProgramSettings(precision: precision))
        } catch {
            #expect(Self.notYet[model.file] != nil, "\(model.file): \(error)")
            return
        }
        #expect(Self.notYet[model.file] == nil, "\(model.file) converts now: take it off the list")
        let evaluator = try MILEvaluator(package: output)
        let golden = try GoldenFile(path: FixturePaths.fixture(try #require(model.golden)))
        #expect(
            evaluator.inputNames.count == golden.inputs.count && evaluator.outputNames.count == golden.outputs.count)
        var worst = 0.0
        for sample in 0..<(golden.inputs.first?.shape.first ?? 1) {
            var inputs: [String: Tensor] = [:]
            for (name, tensor) in zip(evaluator.inputNames, golden.inputs) {
                inputs[name] = try Self.row(sample, of: tensor)
            }
            let outputs = try evaluator.predict(inputs)
            for (name, expected) in zip(evaluator.outputNames, golden.outputs) {
                let got = try #require(outputs[name], "\(name)")
                let want = try Self.row(sample, of: expected)
                #expect(got.values.count == want.values.count, "\(model.file) \(name): \(got.shape) vs \(want.shape)")
                let scale = max(1, want.values.map(abs).max() ?? 0)
                let error = zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0
                worst = max(worst, error.isNaN ? .infinity : error / scale)
            }
        }
        print("MLPACKAGE \(precision.rawValue) \(model.file): max error \(worst)")
        let bar = try #require(Self.bars[precision])
        #expect(worst <= bar, "\(model.file) (\(precision.rawValue)): max error \(worst)")
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

    /// Sample `index` of a batched golden tensor, with a batch dimension of 1.
    static func row(_ index: Int, of tensor: GoldenFile.Tensor) throws -> Tensor {
        let size = tensor.shape.dropFirst().reduce(1, *)
        let values = tensor.values[(index * size)..<((index + 1) * size)].map(Double.init)
        return try Tensor(shape: [1] + tensor.shape.dropFirst(), values: values)
    }
}
