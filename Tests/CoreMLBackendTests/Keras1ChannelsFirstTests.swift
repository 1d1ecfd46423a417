import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// Keras 1 `dim_ordering='th'` models (Fixtures/keras1, written by make_keras1_th.py): their
/// (filters, channels, rows, columns) kernels are rearranged when read, and flipped when the file
/// says it was trained with Theano, so the conversion gives the outputs of the same network built
/// with channels_first tf_keras layers.
@Suite struct Keras1ChannelsFirstTests {
    @Test(arguments: ["th_cnn", "th_cnn_theano"])
    func convertedModelMatchesItsTwin(stem: String) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).mlmodel")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Pipeline.convert(FixturePaths.fixture("keras1/\(stem).h5"), output: output.path)
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        let evaluator = try CoreMLEvaluator(model: spec)
        let golden = try GoldenFile(path: FixturePaths.fixture("keras1/golden/\(stem).h5"))
        let input = try #require(spec.description_p.input.first?.name)
        let outputName = try #require(spec.description_p.output.first?.name)
        var worst = 0.0
        for sample in 0..<(golden.inputs[0].shape.first ?? 1) {
            let got = try #require(
                try evaluator.predict([input: try GoldenComparisonTests.row(sample, of: golden.inputs[0])])[outputName])
            let want = try GoldenComparisonTests.row(sample, of: golden.outputs[0])
            #expect(got.values.count == want.values.count)
            worst = max(worst, zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0)
        }
        print("keras1/\(stem).h5: max error \(worst)")
        #expect(worst <= 1e-4)
        // No transpose is written: the layers read the NCHW tensors Keras 1 holds.
        #expect(!spec.neuralNetwork.layers.contains { if case .transpose? = $0.layer { true } else { false } })
    }

    /// `rewrite` would copy the stored kernels under a config no Keras reads: it refuses, naming
    /// each such layer, and writes nothing.
    @Test func rewriteRefusesNamingTheLayers() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).h5")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect {
            try Pipeline.rewrite(FixturePaths.fixture("keras1/th_cnn.h5"), output: output.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("'conv_a'") && text.contains("'conv_b'") && text.contains("does not rearrange")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
