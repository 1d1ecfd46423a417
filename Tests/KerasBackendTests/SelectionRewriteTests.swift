import Foundation
import KerasBackend
import Pipeline
import TestSupport
import Testing

/// The indexing family's rewrites a flavour cannot express are refused, with the reason.
@Suite struct SelectionRewriteTests {
    static let refused: [(file: String, flavour: KerasDialect, reason: String)] = [
        ("families/indexing/top_k_values_tf_keras.h5", .keras2, "return a (values, indices) pair"),
        ("families/indexing/top_k_indices_keras3.h5", .keras3, "return a (values, indices) pair"),
        ("families/indexing/one_hot_values_tf_keras.h5", .keras3, "one_hot: Keras 3 has no built-in layer"),
        ("families/indexing/cumsum_exclusive_reverse_tf_keras.h5", .keras3, "cumsum: Keras 3 has no built-in layer"),
    ]

    @Test(arguments: refused.indices)
    func theFlavourIsRefusedWithTheReason(index: Int) throws {
        let row = Self.refused[index]
        #expect(RewriteFixtures.refusedFlavours[row.file]?.contains(row.flavour) == true)
        let model = try #require(FixtureManifest.shared.models.first { $0.file == row.file })
        let folder = try RewriteFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PipelineError.self) {
            _ = try RewriteFixtures.rewrite(model, in: folder, flavour: row.flavour)
        }
        #expect(error?.message.contains(row.reason) == true, "\(String(describing: error))")
    }
}
