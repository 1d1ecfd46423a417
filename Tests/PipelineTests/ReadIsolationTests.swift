import Foundation
import HDF5
import KerasModel
import TestSupport
import Testing

@testable import Pipeline

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child process that reads a model first: its death or hang refuses the file (exit 2), its
/// normal end lets the command go on. The children here are shell scripts that behave so.
@Suite struct ReadIsolationTests {
    /// Written through a close-on-exec descriptor: a process another test spawns meanwhile must
    /// not inherit it open for writing, or running the script fails with "Text file busy".
    static func script(_ body: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID()).sh").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o700)
        try #require(descriptor >= 0)
        let bytes = Array("#!/bin/sh\n\(body)\n".utf8)
        let written = write(descriptor, bytes, bytes.count)
        close(descriptor)
        try #require(written == bytes.count)
        return path
    }

    let model = FixturePaths.fixture("models/multi_lambda.h5")

    @Test func aChildThatReadsAndAnswersLetsTheCommandGoOn() throws {
        let child = try Self.script("read path; echo read")
        defer { try? FileManager.default.removeItem(atPath: child) }
        try ReadIsolation.check(model, executable: child, timeLimit: 30)
    }

    @Test func aChildKilledByASignalRefusesTheFileNamingIt() throws {
        let child = try Self.script("read path; kill -SEGV $$")
        defer { try? FileManager.default.removeItem(atPath: child) }
        let error = #expect(throws: PipelineError.self) {
            try ReadIsolation.check(model, executable: child, timeLimit: 30)
        }
        #expect(error?.kind == .unusableInput)
        #expect(error?.exitCode == 2)
        #expect(
            error?.message
                == "\(model): damaged HDF5 structure: libhdf5 crashed reading it (signal 11) in the process that "
                + "reads every file first")
    }

    @Test func aChildThatHangsIsKilledAtTheTimeLimit() throws {
        let child = try Self.script("read path; exec sleep 600")
        defer { try? FileManager.default.removeItem(atPath: child) }
        let error = #expect(throws: PipelineError.self) {
            try ReadIsolation.check(model, executable: child, timeLimit: 1)
        }
        #expect(error?.message.contains("libhdf5 was still reading it after 1 s") == true)
    }

    @Test func aChildThatCannotStartIsAnUnusableInputNotACrash() {
        let error = #expect(throws: PipelineError.self) {
            try ReadIsolation.check(model, executable: "/nonexistent/delambda", timeLimit: 5)
        }
        #expect(error?.exitCode == 2)
        #expect(error?.message.hasPrefix("\(model): cannot start the process that reads every file first") == true)
    }

    @Test func theChildsReadTouchesEveryObjectOfARealModel() throws {
        let count = try HDF5File.open(model).readEverything()
        #expect(count.refused == 0)
        #expect(count.groups > 10)
        let weights = try KerasModelReader.read(model).weights.weightsByLayer.values.joined()
        #expect(count.datasets == weights.count)
        #expect(count.attributes > 10)
    }

    /// A declared size no reader accepts (64 GiB of gzip from 96 bytes) is not read: reading its
    /// fill took the child minutes.
    @Test func theChildSkipsDatasetsDeclaredLargerThanAnyRead() throws {
        let count = try HDF5File.open(FixturePaths.fixture("hostile/compressed_bomb.h5")).readEverything()
        #expect(count.skipped == 1)
        #expect(count.datasets == 2)
    }

    /// Keras weights are contiguous and unfiltered: the child reads both ends of each (their
    /// address is checked against the file's end, and nothing is parsed); chunked, compressed
    /// storage is read whole, since its index and filters are what a damaged file breaks.
    @Test func plainStorageIsReadAtItsEndsAndFilteredStorageWhole() throws {
        let layer = try HDF5File.open(FixturePaths.fixture("models/plain_sequential.h5")).root
            .group("model_weights").group("conv1").group("conv1")
        let kernel = try layer.dataset("kernel:0")
        #expect(kernel.storesPlainBytes)
        let values = try kernel.readFloats()
        #expect(try kernel.readEnds() == [values[0], values[values.count - 1]])
        let compressed = try HDF5File.open(FixturePaths.fixture("hostile/compressed_bomb.h5")).root
            .group("model_weights").group("dense").group("dense")
        #expect(try !compressed.dataset("kernel:0").storesPlainBytes)
        #expect(try compressed.dataset("bias:0").storesPlainBytes)
    }

    @Test func theChildStopsReadingElementsAtItsBudget() throws {
        let all = try HDF5File.open(model).readEverything()
        #expect(all.skipped == 0)
        let none = try HDF5File.open(model).readEverything(elementBytes: 0)
        #expect(none.datasets == all.datasets)
        #expect(none.skipped == all.datasets)
    }
}
