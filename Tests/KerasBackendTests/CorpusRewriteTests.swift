import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// Real models from public repositories (`../shared/corpus`): each is rewritten (Keras 1 and 2.0
/// Sequential configs, written as a bare list of layers, included), and the rewritten file
/// converts to the same outputs as the original on seeded inputs.
@Suite struct CorpusRewriteTests {
    @Test(arguments: FixturePaths.corpusFiles)
    func rewrittenCorpusModelComputesTheSame(path: String) throws {
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rewritten = folder.appendingPathComponent("rewritten.h5").path
        let report = try Pipeline.rewrite(path, output: rewritten)
        #expect(!report.replacements.isEmpty, "\(path): no Lambda replaced")
        let before = folder.appendingPathComponent("original.mlmodel").path
        let after = folder.appendingPathComponent("rewritten.mlmodel").path
        _ = try Pipeline.convert(path, output: before)
        _ = try Pipeline.convert(rewritten, output: after)
        let original = try CoreML_Specification_Model(
            serializedBytes: try Data(contentsOf: URL(fileURLWithPath: before)))
        let replaced = try CoreML_Specification_Model(
            serializedBytes: try Data(contentsOf: URL(fileURLWithPath: after)))
        var inputs: [String: Tensor] = [:]
        for (index, feature) in original.description_p.input.enumerated() {
            let shape = feature.type.multiArrayType.shape.map { Int($0) }
            let count = shape.reduce(1, *)
            inputs[feature.name] = try Tensor(
                shape: shape, values: (0..<count).map { Double(($0 * 37 + index * 11) % 101) / 101 })
        }
        let expected = try CoreMLEvaluator(model: original).predict(inputs)
        let got = try CoreMLEvaluator(model: replaced).predict(inputs)
        var worst = 0.0
        for name in original.description_p.output.map(\.name) {
            let want = try #require(expected[name])
            let have = try #require(got[name], "\(path): no output \(name)")
            worst = max(worst, zip(have.values, want.values).map { abs($0 - $1) }.max() ?? 0)
        }
        print("\(URL(fileURLWithPath: path).lastPathComponent): rewritten vs original max abs difference \(worst)")
        #expect(worst <= 1e-5, "\(path): \(worst)")
    }
}
