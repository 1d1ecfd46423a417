import Foundation
import Testing

@testable import Pipeline

/// Files are written whole or not at all, and a failure says why in words.
@Suite struct AtomicFileTests {
    struct MissingWeight: Error, CustomStringConvertible {
        var description: String { "no weight 'kernel' of 'dense' to change" }
    }

    @Test func aFailedWriteLeavesNothingAndSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.h5")
        let error = try #require(throws: PipelineError.self) {
            try AtomicFile.produce(target) { temporary in
                try Data([1, 2, 3]).write(to: temporary)
                throw MissingWeight()
            }
        }
        // The error's own words, not "The operation could not be completed".
        #expect(error.message.contains("no weight 'kernel' of 'dense' to change"), "\(error.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
