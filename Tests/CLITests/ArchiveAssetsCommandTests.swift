import Foundation
import KerasArchive
import TestSupport
import Testing

/// `rewrite` of archives whose layers saved assets (Fixtures/archives/lookup_assets_*, an adapted
/// IntegerLookup's vocabulary; made by make_assets_archives.py, whose `--check` loads the rewrites
/// in Keras 3): the assets go to the new archive under the layer's group as Keras 3 names it.
@Suite struct ArchiveAssetsCommandTests {
    /// Each fixture and the member its vocabulary must have in the rewritten archive: tf.keras
    /// 2.13 kept it under `_layer_checkpoint_dependencies`, Keras 3 reads it under `layers`.
    @Test(arguments: [
        ("lookup_assets_keras3", "assets/layers/integer_lookup/vocabulary.txt"),
        ("lookup_assets_tf_keras213", "assets/_layer_checkpoint_dependencies/integer_lookup/vocabulary.txt"),
    ])
    func rewriteCarriesTheVocabularyToTheLayersNewFolder(_ stem: String, original: String) throws {
        let folder = try KerasArchiveCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = FixturePaths.fixture("archives/\(stem).keras")
        let output = folder.appendingPathComponent("out.keras").path
        let result = try ProcessRunner.delambda(["rewrite", input, "-o", output])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let before = try KerasArchive.assets(of: input)
        let after = try KerasArchive.assets(of: output)
        #expect(before.map(\.name) == [String(original.dropFirst("assets/".count))])
        #expect(after.map(\.name) == ["layers/integer_lookup/vocabulary.txt"])
        #expect(after.first?.data == before.first?.data)
        #expect(try #require(after.first).data.count > 0)
    }

    /// An `.h5` has no place for assets: refused before anything is written (exit 1).
    @Test func rewriteToH5IsRefusedNamingTheAsset() throws {
        let folder = try KerasArchiveCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.h5").path
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("archives/lookup_assets_keras3.keras"), "-o", output,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains(
                "holds assets ('assets/layers/integer_lookup/vocabulary.txt') that an .h5 cannot keep"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// An asset in no layer's folder (`assets/vocabulary.txt`, which no Keras writes) has no place
    /// in the rewritten archive: refused by name, no output.
    @Test func anAssetOutsideEveryLayerIsRefused() throws {
        let folder = try KerasArchiveCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.keras").path
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("archives/with_assets.keras"), "-o", output,
        ])
        #expect(result.exitCode == 2, "\(result.standardError)")
        #expect(result.standardError.contains("member 'assets/vocabulary.txt' lies in no layer's folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
