import CoreOps
import Foundation
import MILEvaluator
import Pipeline
import TestSupport
import Testing

/// Keras 1 `dim_ordering='th'` models (Fixtures/keras1) as ML Program packages: their kernels are
/// read through the same rearrangement as for `.mlmodel` (flipped when trained with Theano), so
/// the package gives the outputs of the channels_first tf_keras twin.
@Suite struct Keras1PackageTests {
    @Test(arguments: ["th_cnn", "th_cnn_theano"])
    func packageMatchesItsTwin(stem: String) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlpackage")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Pipeline.convert(
            FixturePaths.fixture("keras1/\(stem).h5"), output: output.path,
            mlProgram: MLProgramSettings(precision: .float32))
        let evaluator = try MILEvaluator(package: output)
        let golden = try GoldenFile(path: FixturePaths.fixture("keras1/golden/\(stem).h5"))
        let input = try #require(evaluator.inputNames.first)
        let outputName = try #require(evaluator.outputNames.first)
        var worst = 0.0
        for sample in 0..<(golden.inputs[0].shape.first ?? 1) {
            let outputs = try evaluator.predict([input: try MLProgramGoldenTests.row(sample, of: golden.inputs[0])])
            let got = try #require(outputs[outputName])
            let want = try MLProgramGoldenTests.row(sample, of: golden.outputs[0])
            #expect(got.values.count == want.values.count)
            worst = max(worst, zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0)
        }
        print("keras1/\(stem).h5 as .mlpackage: max error \(worst)")
        #expect(worst <= 1e-4)
    }
}
