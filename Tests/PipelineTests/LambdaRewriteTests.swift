import Foundation
import Pipeline
import TestSupport
import Testing

/// Every Lambda of the fixtures and of the shared corpus that core ops can express is rewritten
/// into core ops by the built-in library.
@Suite struct LambdaRewriteTests {
    /// What each fixture needs that the file does not hold.
    static let defines: [String: [String]] = ["models/global_scale.h5": ["SCALE=0.5"]]

    @Test(arguments: FixtureManifest.shared.models.filter { !$0.lambdas.isEmpty })
    func everyFixtureLambdaRewrites(model: FixtureManifest.Model) throws {
        var sources: [String] = []
        if model.file == "models/keras3_named.h5", let source = model.lambdas.first?.source {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
            try "from keras import ops\nimport keras\n\n\(source)\n".write(to: file, atomically: true, encoding: .utf8)
            sources.append(file.path)
        }
        let options = try FunctionOptions.parse(
            python: nil, defines: Self.defines[model.file] ?? [], functionSources: sources)
        let report = try Pipeline.inspect(model.path, options: options)
        for row in report.lambdaRows {
            let rewrite = try #require(
                row.rewrite, "\(row.name): \(row.recovered?.failure?.message ?? "not recovered")")
            #expect(rewrite.status == .rewritable, "\(row.name): \(rewrite.stop) \(rewrite.residue.map(\.nearMisses))")
        }
    }

    @Test(arguments: FixturePaths.corpusFiles)
    func everyCorpusLambdaRewrites(path: String) throws {
        let report = try Pipeline.inspect(path)
        for row in report.lambdaRows {
            #expect(row.rewrite?.status == .rewritable, "\(path) \(row.name): \(row.rewrite?.stop ?? "")")
        }
    }

    @Test func seedExamplesGiveTheExpectedCoreOps() throws {
        let report = try Pipeline.inspect(FixturePaths.fixture("models/seed_examples.h5"))
        let results = Dictionary(
            uniqueKeysWithValues: report.lambdaRows.compactMap { row in row.rewrite.map { (row.name, $0.result) } })
        #expect(results["square"] == "square(x)")
        #expect(results["standardize"] == "div(sub(x, reduce_mean(x)), sqrt(add(reduce_variance(x), 1e-07)))")
    }

    @Test func samplingCanBeMadeDeterministic() throws {
        let path = FixturePaths.fixture("models/vae_sampling.h5")
        let random = try #require(try Pipeline.inspect(path).lambdaRows.first?.rewrite)
        #expect(random.result.contains("random_normal("))
        let fixed = try #require(
            try Pipeline.inspect(path, rules: RuleOptions(deterministicSampling: true)).lambdaRows.first?.rewrite)
        #expect(!fixed.result.contains("random_normal("))
        #expect(fixed.rules.contains("deterministic-sampling"))
        #expect(fixed.status == .rewritable)
    }

    @Test func aGlobalNobodyDefinedIsTheResidue() throws {
        let report = try Pipeline.inspect(FixturePaths.fixture("models/global_scale.h5"))
        let rewrite = try #require(report.lambdaRows.first?.rewrite)
        #expect(rewrite.status == .unsupported)
        #expect(rewrite.residueText == "SCALE")
    }
}
