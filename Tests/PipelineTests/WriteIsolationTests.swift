import Foundation
import JSON
import KerasBackend
import KerasModel
import TestSupport
import Testing

@testable import Pipeline

/// The child process that writes a rewritten copy: its death refuses the file (exit 2) and leaves
/// no output; what it reports comes back as the in-process writer's errors would. The children
/// here are shell scripts that behave so; CLITests run the real one on every rewrite.
@Suite struct WriteIsolationTests {
    let model = FixturePaths.fixture("models/multi_lambda.h5")

    static let rewrite = KerasRewrite(
        config: .object(["class_name": "Functional", "config": .object(["layers": []])]), topLevelLayers: ["x", "y"],
        kerasVersion: "3.0.0",
        weightChanges: [
            WeightChange(group: "conv", scope: "conv", weight: "kernel", transform: .dilated(rates: [2, 1])),
            WeightChange(
                group: "lstm", scope: "lstm_cell", weight: "recurrent_kernel",
                transform: .scaled(factor: 0.5, blocks: [1, 3], parts: 4)),
        ])

    /// Writes through `AtomicFile` as `rewrite` does, with the child `script`.
    func write(child script: String, in folder: URL) throws {
        let target = folder.appendingPathComponent("out.h5")
        let child = try ReadIsolationTests.script(script)
        defer { try? FileManager.default.removeItem(atPath: child) }
        try AtomicFile.produce(target) { temporary in
            try WriteIsolation.write(
                Self.rewrite, model: try KerasModelReader.read(model), config: .null, to: temporary.path,
                archive: false, target: target.path, executable: child)
        }
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("write-isolation-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aChildKilledWhileWritingRefusesTheFileAndLeavesNothing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The child starts the copy, then dies as libhdf5 did on a damaged heap.
        let error = #expect(throws: PipelineError.self) {
            try write(child: "read request; echo partial > \"$(dirname \"$0\")/ignored\"; kill -SEGV $$", in: folder)
        }
        #expect(error?.exitCode == 2)
        #expect(
            error?.message
                == "\(model): damaged HDF5 structure: libhdf5 crashed changing the rewritten copy (signal 11) in the "
                + "process that writes the copy")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func whatTheChildReportsIsTheWritersError() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PipelineError.self) {
            try write(child: "read request; echo 'layer_names split into chunks is not supported'", in: folder)
        }
        #expect(error?.exitCode == 2)
        #expect(
            error?.message.hasSuffix("out.h5: cannot write: layer_names split into chunks is not supported") == true)
        let marshaled = #expect(throws: PipelineError.self) {
            try write(child: "read request; echo 'marshaled lam'", in: folder)
        }
        #expect(marshaled?.exitCode == 1)
        #expect(marshaled?.message.hasSuffix("out.h5: layer 'lam' still holds marshaled code") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func theRequestCarriesEverythingTheWriterWrites() throws {
        let request = WriteRequest(
            rewrite: Self.rewrite, source: "in.keras", destination: ".out.keras.partial", archive: true)
        let line = JSONWriter(style: .compact).string(request.json)
        #expect(!line.contains("\n"))
        let read = try WriteRequest(json: try JSONParser.parse(line))
        #expect(read.source == "in.keras" && read.destination == ".out.keras.partial" && read.archive)
        #expect(read.rewrite.config == Self.rewrite.config)
        #expect(read.rewrite.topLevelLayers == ["x", "y"])
        #expect(read.rewrite.kerasVersion == "3.0.0")
        #expect(read.rewrite.weightChanges == Self.rewrite.weightChanges)
        #expect(throws: WriteRequest.Malformed.self) { try WriteRequest(json: .object(["source": "in.h5"])) }
    }
}
