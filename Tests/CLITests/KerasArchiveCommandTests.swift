import Foundation
import TestSupport
import Testing

/// Every command on `.keras` archives: the bad and hostile ones refused with one line naming the
/// archive and the member to blame (exit 2, no output file), the valid variants read.
@Suite struct KerasArchiveCommandTests {
    /// Each refused archive and what its one line must say.
    static let refused: [(file: String, says: String)] = [
        ("bad/not_keras.keras", "a zip archive but not a Keras model: no config.json and no model.weights.h5"),
        ("bad/missing_weights.keras", "member 'model.weights.h5' is missing"),
        ("bad/truncated.keras", "no end-of-central-directory record: the zip archive is truncated"),
        ("bad/damaged_member.keras", "member 'model.weights.h5' fails its checksum: the member is damaged"),
        ("bad/weights_not_hdf5.keras", "member 'model.weights.h5': not an HDF5 file"),
        ("bad/config_not_json.keras", "(config.json line 1, column 1238): config.json is not valid JSON"),
        ("hostile/escaping_member.keras", "member '../escaped.txt' escapes the archive"),
        ("hostile/absolute_member.keras", "member '/tmp/absolute.txt' escapes the archive"),
        ("hostile/encrypted.keras", "member 'model.weights.h5' is encrypted"),
        ("hostile/split.keras", "a split (multi-disk) zip archive"),
        ("hostile/lying_size.keras", "member 'model.weights.h5' inflates past the 4096 bytes it declares"),
        ("hostile/impossible_size.keras", "more than deflate can expand to: refused (a zip bomb)"),
    ]

    static let commands: [(name: String, output: String?)] = [
        ("inspect", nil), ("explain", nil), ("convert", "out.mlmodel"), ("convert", "out.onnx"),
        ("rewrite", "out.h5"), ("rewrite", "out.keras"),
    ]

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-archive-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the fixture `file` as `<n>/model.keras` under `folder`: outputs record the
    /// input's name, so that two inputs compared must have the same one.
    static func copy(_ file: String, into folder: URL) throws -> String {
        let count = try FileManager.default.contentsOfDirectory(atPath: folder.path).count
        let place = folder.appendingPathComponent("input\(count)")
        try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
        let path = place.appendingPathComponent("model.keras").path
        try FileManager.default.copyItem(atPath: FixturePaths.fixture(file), toPath: path)
        return path
    }

    @Test(arguments: refused)
    func everyCommandRefusesTheArchiveByName(_ file: String, says: String) throws {
        let path = FixturePaths.fixture(file)
        for command in Self.commands {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = command.output.map { ["-o", folder.appendingPathComponent($0).path] } ?? []
            let result = try ProcessRunner.delambda([command.name, path] + output)
            #expect(result.exitCode == 2, "\(command.name) \(file): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(command.name) \(file): \(result.standardError)")
            #expect(lines.first?.hasPrefix("delambda: error: \(path)") == true, "\(result.standardError)")
            #expect(result.standardError.contains(says), "\(command.name) \(file): \(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    /// Without the `name` attributes of older Keras 3 versions, the layers' groups are found by
    /// class and order: the conversion is the same, byte for byte.
    @Test func groupsWithoutNamesAreFoundByClassAndOrder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [Data] = []
        for file in ["families/archives/archive_counters_keras3.keras", "archives/unnamed_groups.keras"] {
            let output = folder.appendingPathComponent("\(outputs.count).mlmodel")
            let result = try ProcessRunner.delambda(["convert", try Self.copy(file, into: folder), "-o", output.path])
            #expect(result.exitCode == 0, "\(file): \(result.standardError)")
            outputs.append(try Data(contentsOf: output))
        }
        #expect(outputs[0] == outputs[1])
    }

    /// An archive with `assets/` members converts like the one without.
    @Test func assetsAreLeftAside() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [Data] = []
        for file in ["families/example/scaled_sum_keras3.keras", "archives/with_assets.keras"] {
            let output = folder.appendingPathComponent("\(outputs.count).onnx")
            let result = try ProcessRunner.delambda(["convert", try Self.copy(file, into: folder), "-o", output.path])
            #expect(result.exitCode == 0, "\(file): \(result.standardError)")
            outputs.append(try Data(contentsOf: output))
        }
        #expect(outputs[0] == outputs[1])
    }

    /// rewrite between the formats: each output is read back as a model with no marshaled code,
    /// and converts to the same Core ML model as the original.
    @Test(arguments: [
        ("families/archives/archive_nested_keras3.keras", "out.keras"),
        ("families/archives/archive_nested_keras3.keras", "out.h5"),
        ("families/archives/archive_nested_keras3.h5", "out.keras"),
        ("families/example/scaled_sum_tf_keras.h5", "out.keras"),
    ])
    func rewriteWritesEitherFormatFromEither(_ file: String, output name: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent(name).path
        let result = try ProcessRunner.delambda(["rewrite", FixturePaths.fixture(file), "-o", output])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let inspected = try ProcessRunner.delambda(["inspect", output])
        #expect(inspected.exitCode == 0, "\(inspected.standardError)")
        #expect(!inspected.standardOutput.contains("marshaled code"))
        let isArchive = try Data(contentsOf: URL(fileURLWithPath: output)).starts(with: [0x50, 0x4B, 0x03, 0x04])
        #expect(isArchive == name.hasSuffix(".keras"))
    }

    @Test func aKerasArchiveIsNotWrittenForTFKeras() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("families/example/scaled_sum_keras3.keras"), "-o",
            folder.appendingPathComponent("out.keras").path, "--flavour", "keras2",
        ])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("a .keras archive is Keras 3's format"), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// bulk finds `.keras` models beside `.h5` ones; an archive whose stem another model shares
    /// keeps its extension in its output's name.
    @Test func bulkFindsArchivesAndMapsTheirOutputs() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let models = folder.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        for file in [
            "families/example/scaled_sum_keras3.keras", "families/example/scaled_sum_keras3.h5",
            "families/archives/archive_nested_keras3.keras",
        ] {
            let name = (file as NSString).lastPathComponent
            try FileManager.default.copyItem(
                atPath: FixturePaths.fixture(file), toPath: models.appendingPathComponent(name).path)
        }
        let output = folder.appendingPathComponent("out").path
        let result = try ProcessRunner.delambda(["bulk", models.path, "-o", output, "--to", "keras", "--jobs", "1"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let written = try FileManager.default.contentsOfDirectory(atPath: output).filter { !$0.hasPrefix(".") }.sorted()
        #expect(
            written == ["archive_nested_keras3.keras", "scaled_sum_keras3.keras", "scaled_sum_keras3.keras.keras"])
    }
}
