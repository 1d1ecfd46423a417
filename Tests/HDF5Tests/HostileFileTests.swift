import Foundation
import HDF5
import TestSupport
import Testing

/// Files made by `Fixtures/generate/make_hostile_fixtures.py`: each would make libhdf5 read
/// another file, or declares data it does not store. Opening one must refuse it by name, before
/// anything is read.
@Suite struct HostileFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        /// Words the message must hold: what the object points to.
        var says: [String]
        var testDescription: String { file }
    }

    static let kernel = "/model_weights/dense/dense/kernel:0"

    static let refused: [Case] = [
        Case(
            file: "external_link.h5", says: ["external link to external_target.h5:/data", "must not read other files"]),
        Case(file: "external_storage.h5", says: ["external file 'external_secret.bin'", "must not read other files"]),
        Case(file: "virtual_dataset.h5", says: ["virtual dataset mapping the file 'external_target.h5'"]),
        Case(file: "soft_link_escape.h5", says: ["soft link to '/stolen', outside its group"]),
        Case(file: "huge_declared.h5", says: ["declares 4398046511104 bytes of data but stores 0"]),
        Case(file: "unwritten_kernel.h5", says: ["declares 32 bytes of data but stores 0"]),
    ]

    @Test(arguments: refused)
    func aFilePointingElsewhereIsRefusedOnOpening(_ hostile: Case) throws {
        let path = FixturePaths.fixture("hostile/\(hostile.file)")
        let error = try #require(throws: HDF5Error.self) { try HDF5File.open(path) }
        #expect(error.code == .refused)
        #expect(error.object == Self.kernel)
        for words in hostile.says { #expect(error.description.contains(words), "\(error)") }
        // For `rewrite` too, which opens its byte copy of the model for update.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).h5")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(throws: HDF5Error.self) { try HDF5File.openForUpdate(copy.path) }
    }

    @Test func aSoftLinkInsideItsGroupIsFollowed() throws {
        let inside = try HDF5File.open(FixturePaths.fixture("hostile/soft_link_inside.h5")).root
        let original = try HDF5File.open(FixturePaths.fixture("models/seed_examples.h5")).root
        let kernel = try inside.dataset(String(Self.kernel.dropFirst())).readFloats()
        #expect(kernel.count == 8)
        #expect(kernel == (try original.dataset(String(Self.kernel.dropFirst())).readFloats()))
    }

    @Test func aReadLargerThanTheLimitIsRefusedBeforeAllocating() throws {
        // 2^17 x 2^17 float32 behind gzip: the file stores a few kilobytes, a read would take 64 GiB.
        let root = try HDF5File.open(FixturePaths.fixture("hostile/compressed_bomb.h5")).root
        let dataset = try root.dataset(String(Self.kernel.dropFirst()))
        #expect(dataset.shape == [131_072, 131_072])
        let error = try #require(throws: HDF5Error.self) { try dataset.readFloats() }
        #expect(error.code == .refused)
        #expect(error.description.contains("more than the 4 GiB a dataset may take"))
        // Blocks within the limit still stream.
        #expect(try dataset.readFloats(rows: 0..<1).count == 131_072)
    }

    @Test func aFIFOIsRefusedWithoutOpeningIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID()).h5").path
        let made = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["mkfifo", path])
        try #require(made.exitCode == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Opening a FIFO with no writer would block forever.
        let error = try #require(throws: HDF5Error.self) { try HDF5File.open(path) }
        #expect(error.code == .notAFile)
        #expect(error.message.contains("FIFO"))
    }
}
