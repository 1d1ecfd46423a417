import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// `--batch 1..8`: the converted `.mlmodel` takes several samples at once. Every golden sample is
/// fed in one batch, and the batch of outputs is TensorFlow's (the goldens hold several samples,
/// each recorded alone).
@Suite struct BatchEvaluationTests {
    static let fixtures = ["models/plain_sequential.h5", "models/lambda_image.h5", "models/lambda_math.h5"]

    @Test(arguments: fixtures)
    func aBatchOfSamplesGivesEachSamplesOutputs(fixture: String) throws {
        let model = try #require(FixtureManifest.shared.models.first { $0.file == fixture })
        let golden = try GoldenFile(path: FixturePaths.fixture(try #require(model.golden)))
        let samples = try #require(golden.inputs.first?.shape.first)
        #expect(samples >= 2, "\(fixture): the golden holds one sample")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Pipeline.convert(
            model.path, output: output.path, inputShapes: try InputShapeOptions.parse(inputShapes: [], batch: "1..8"))
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        for feature in spec.description_p.input {
            let batch = feature.type.multiArrayType.shapeRange.sizeRanges.first
            #expect(batch?.lowerBound == 1 && batch?.upperBound == 8, "\(fixture): \(feature.name)")
        }
        let evaluator = try CoreMLEvaluator(model: spec)
        var feed: [String: Tensor] = [:]
        for (feature, tensor) in zip(spec.description_p.input, golden.inputs) {
            feed[feature.name] = try Tensor(shape: tensor.shape, values: tensor.values.map(Double.init))
        }
        let result = try evaluator.predict(feed)
        var worst = 0.0
        for (feature, want) in zip(spec.description_p.output, golden.outputs) {
            let got = try #require(result[feature.name])
            #expect(got.shape == want.shape, "\(fixture): \(got.shape) for \(want.shape)")
            let scale = max(1, want.values.map { abs(Double($0)) }.max() ?? 0)
            let error = zip(got.values, want.values).map { abs($0 - Double($1)) }.max() ?? .infinity
            worst = max(worst, error / scale)
        }
        print("BATCH \(samples) \(fixture): max error \(worst)")
        #expect(worst <= 1e-4, "\(fixture) (batch \(samples)): max error \(worst)")
    }

    /// A layer whose Core ML parameters hold the batch (Reshape's target, a transposed
    /// convolution's output shape) is refused by name; a package, whose program is built for a
    /// batch of 1, refuses `--batch` as a usage error.
    static let refusals: [(fixture: String, output: String, exitCode: Int32, says: String)] = [
        (
            "models/plain_functional.h5", "out.mlmodel", 1,
            "layer 'reshape' (Reshape): its Core ML layers depend on the size of dimension 0"
        ),
        (
            "models/conv_variants.h5", "out.mlmodel", 1,
            "layer 'deconv_same' (Conv2DTranspose): its Core ML layers depend on the size of dimension 0"
        ),
        (
            "models/plain_sequential.h5", "out.mlpackage", 2,
            "a batch other than 1 (--batch, or enumerated shapes of several batches) applies to .mlmodel outputs"
        ),
    ]

    @Test(arguments: 0..<refusals.count)
    func whatABatchCannotDoIsRefused(_ index: Int) throws {
        let (fixture, name, exitCode, says) = Self.refusals[index]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-batch-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent(name)
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture(fixture), "-o", output.path, "--batch", "1..8",
        ])
        #expect(result.exitCode == exitCode, "\(result.standardError)")
        #expect(result.standardError.contains(says), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
