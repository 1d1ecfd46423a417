import CoreOps
import Foundation
import MILEvaluator
import Pipeline
import TestSupport
import Testing

/// Layers that `rewrite` writes for Lambdas, converted to ML Program packages: the contractions
/// family's `K.batch_dot` Lambdas become `Dot` layers, which must give TensorFlow's goldens too.
@Suite struct RewrittenLayersPackageTests {
    static let dotFixtures = FixtureManifest.shared.models.filter {
        $0.file.hasPrefix("families/contractions/batch_dot") && $0.golden != nil
    }

    @Test(arguments: dotFixtures)
    func rewrittenDotLayersMatchTensorFlow(model: FixtureManifest.Model) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-dot-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rewritten = folder.appendingPathComponent("rewritten.h5").path
        let report = try Pipeline.rewrite(model.path, output: rewritten)
        try #require(
            report.replacements.contains { $0.layers.contains { $0.className == "Dot" } },
            "\(model.file) rewrites to a Dot layer")
        let package = folder.appendingPathComponent("model.mlpackage")
        _ = try Pipeline.convert(rewritten, output: package.path, mlProgram: MLProgramSettings(precision: .float32))
        let evaluator = try MILEvaluator(package: package)
        let golden = try GoldenFile(path: FixturePaths.fixture(try #require(model.golden)))
        var worst = 0.0
        for sample in 0..<(golden.inputs.first?.shape.first ?? 1) {
            var inputs: [String: Tensor] = [:]
            for (name, tensor) in zip(evaluator.inputNames, golden.inputs) {
                inputs[name] = try MLProgramGoldenTests.row(sample, of: tensor)
            }
            let outputs = try evaluator.predict(inputs)
            let outputName = try #require(evaluator.outputNames.first)
            let got = try #require(outputs[outputName])
            let want = try MLProgramGoldenTests.row(sample, of: golden.outputs[0])
            #expect(got.values.count == want.values.count)
            worst = max(worst, zip(got.values, want.values).map { abs($0 - $1) }.max() ?? 0)
        }
        print("\(model.file) rewritten, as .mlpackage: max error \(worst)")
        #expect(worst <= 1e-4)
    }
}
