import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Foundation
import Pipeline
import TestSupport
import Testing

/// `convert` of a rewritten file computes what `convert` of the original computes: both Core ML
/// models run by the reference evaluator on the golden inputs agree within 1e-5 (and the
/// original's already matches TensorFlow, see GoldenComparisonTests).
@Suite struct RewriteEquivalenceTests {
    /// Rewritten files `convert` cannot read back yet, and why: they fail loudly here once it can
    /// (none today: the `Resizing` layers rewrite writes for `tf.image.resize` convert).
    static let notYet: [String: String] = [:]

    @Test(arguments: RewriteFixtures.cases)
    func convertingTheRewriteGivesTheOriginalsOutputs(rewrite: RewriteFixtures.Case) throws {
        let model = rewrite.model
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (rewritten, _) = try RewriteFixtures.rewrite(model, in: folder, flavour: rewrite.flavour)
        let options = try RewriteFixtures.options(model, in: folder)
        let before = folder.appendingPathComponent("original.mlmodel").path
        let after = folder.appendingPathComponent("rewritten.mlmodel").path
        _ = try Pipeline.convert(model.path, output: before, options: options)
        do {
            _ = try Pipeline.convert(rewritten, output: after, options: options)
        } catch {
            #expect(Self.notYet[model.file] != nil, "\(model.file): \(error)")
            return
        }
        #expect(Self.notYet[model.file] == nil, "\(model.file) converts now: take it off the list")
        let original = try CoreML_Specification_Model(
            serializedBytes: try Data(contentsOf: URL(fileURLWithPath: before)))
        let replaced = try CoreML_Specification_Model(
            serializedBytes: try Data(contentsOf: URL(fileURLWithPath: after)))
        #expect(original.description_p.input.map(\.name) == replaced.description_p.input.map(\.name))
        #expect(original.description_p.output.map(\.name) == replaced.description_p.output.map(\.name))
        let first = try CoreMLEvaluator(model: original)
        let second = try CoreMLEvaluator(model: replaced)
        let golden = try GoldenFile(path: FixturePaths.fixture(try #require(model.golden)))
        let inputNames = original.description_p.input.map(\.name)
        var worst = 0.0
        for sample in 0..<(golden.inputs.first?.shape.first ?? 1) {
            var inputs: [String: Tensor] = [:]
            for (name, tensor) in zip(inputNames, golden.inputs) { inputs[name] = try Self.row(sample, of: tensor) }
            let expected = try first.predict(inputs)
            let got = try second.predict(inputs)
            for name in original.description_p.output.map(\.name) {
                let want = try #require(expected[name])
                let have = try #require(got[name], "\(model.file): no output \(name)")
                #expect(have.shape == want.shape, "\(model.file) \(name)")
                worst = max(worst, zip(have.values, want.values).map { abs($0 - $1) }.max() ?? 0)
            }
        }
        print("\(model.file): rewritten vs original max abs difference \(worst)")
        #expect(worst <= 1e-5, "\(model.file): \(worst)")
    }

    /// The refusals listed in ``RewriteFixtures/refused`` still happen (else take them off).
    @Test(arguments: RewriteFixtures.refusedCases)
    func refusedRewritesAreStillRefused(rewrite: RewriteFixtures.Case) throws {
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: (any Error).self) {
            _ = try RewriteFixtures.rewrite(rewrite.model, in: folder, flavour: rewrite.flavour)
        }
    }

    static func row(_ index: Int, of tensor: GoldenFile.Tensor) throws -> Tensor {
        let size = tensor.shape.dropFirst().reduce(1, *)
        let values = tensor.values[(index * size)..<((index + 1) * size)].map(Double.init)
        return try Tensor(shape: [1] + tensor.shape.dropFirst(), values: values)
    }
}
