import Foundation
import TestSupport
import Testing

@testable import KerasArchive

/// The archive reader against the memory budget, and the members it reads.
@Suite struct KerasArchiveTests {
    @Test func readsTheThreeMembersIntoMemory() throws {
        let archive = try KerasArchive.read(FixturePaths.fixture("archives/with_assets.keras"))
        #expect(archive.config.hasPrefix("{"))
        #expect(archive.metadata?.contains("keras_version") == true)
        #expect(archive.weights.starts(with: [0x89, 0x48, 0x44, 0x46]))
        #expect(archive.memberNames.contains("assets/vocabulary.txt"))
    }

    /// Honest sizes at a high ratio (64 MB of zeros in 64 KB): refused from the declared sizes
    /// before inflating when the budget is smaller.
    @Test func aBudgetRefusesDeclaredSizesBeforeInflating() throws {
        let path = FixturePaths.fixture("hostile/high_ratio.keras")
        #expect(throws: KerasArchiveError.self) { try KerasArchive.read(path, budget: 1 << 20) }
        do {
            _ = try KerasArchive.read(path, budget: 1 << 20)
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.member == "model.weights.h5")
            #expect(error.description.contains("past the memory budget of 1048576 bytes"))
        }
    }

    @Test func isArchiveLooksAtTheBytesNotTheName() {
        #expect(KerasArchive.isArchive(FixturePaths.fixture("families/example/scaled_sum_keras3.keras")))
        #expect(!KerasArchive.isArchive(FixturePaths.fixture("families/example/scaled_sum_keras3.h5")))
        #expect(!KerasArchive.isArchive(FixturePaths.fixture("bad/empty.h5")))
    }
}
