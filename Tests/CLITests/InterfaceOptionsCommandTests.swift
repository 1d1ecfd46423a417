import CoreMLSpec
import Foundation
import TestSupport
import Testing

/// `convert --author --license --description --model-version --input-description
/// --output-description --rename-input --rename-output` in both Core ML formats: what Xcode shows
/// and the names apps call the features by.
@Suite struct InterfaceOptionsCommandTests {
    static let model = FixturePaths.fixture("models/plain_functional.h5")

    static let options = [
        "--author", "Ada Lovelace", "--license", "MIT", "--description", "Sums and products", "--model-version", "1.2",
        "--rename-input", "image=pixels", "--rename-output", "sigmoid=total",
        "--input-description", "pixels=The camera frame", "--output-description", "total=The sum",
    ]

    static func spec(_ output: URL) throws -> CoreML_Specification_Model {
        let file =
            output.pathExtension == "mlpackage"
            ? output.appendingPathComponent("Data/com.apple.CoreML/model.mlmodel") : output
        return try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: file))
    }

    @Test(arguments: ["out.mlmodel", "out.mlpackage"])
    func metadataDescriptionsAndNamesAreWritten(_ name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-interface-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain-" + name)
        let named = folder.appendingPathComponent(name)
        #expect(try ProcessRunner.delambda(["convert", Self.model, "-o", plain.path]).exitCode == 0)
        let result = try ProcessRunner.delambda(["convert", Self.model, "-o", named.path] + Self.options)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let (before, after) = (try Self.spec(plain), try Self.spec(named))
        let metadata = after.description_p.metadata
        #expect(metadata.author == "Ada Lovelace" && metadata.license == "MIT")
        #expect(metadata.shortDescription == "Sums and products" && metadata.versionString == "1.2")
        #expect(metadata.userDefined["delambda.source"] == "plain_functional.h5")
        #expect(
            after.description_p.input.map(\.name)
                == before.description_p.input.map { $0.name == "image" ? "pixels" : $0.name })
        #expect(
            after.description_p.output.map(\.name)
                == before.description_p.output.map { $0.name == "sigmoid" ? "total" : $0.name })
        #expect(after.description_p.input.first { $0.name == "pixels" }?.shortDescription == "The camera frame")
        #expect(after.description_p.output.first { $0.name == "total" }?.shortDescription == "The sum")
        if name.hasSuffix(".mlpackage") {
            let main = try #require(after.mlProgram.functions["main"])
            #expect(main.inputs.map(\.name) == after.description_p.input.map(\.name))
            #expect(main.blockSpecializations.values.first?.outputs == after.description_p.output.map(\.name))
        } else {
            // The network reads the renamed input and writes the renamed output; a layer streamed out
            // before the outputs are named is copied to the new name (one identity layer at most).
            #expect(after.neuralNetwork.layers.count <= before.neuralNetwork.layers.count + 1)
            #expect(after.neuralNetwork.layers.contains { $0.input.contains("pixels") })
            #expect(after.neuralNetwork.layers.contains { $0.output.contains("total") })
        }
    }

    /// Each mistake and what the one line says (exit 2, nothing written).
    static let refused: [(options: [String], output: String, says: String)] = [
        (["--rename-input", "img=pixels"], "out.mlmodel", "--rename-input img=pixels: the model has no such input"),
        (["--rename-output", "tanh=2fast"], "out.mlmodel", "a feature name is letters, digits and _"),
        (["--rename-input", "image=multiply"], "out.mlmodel", "a layer of the model is already called multiply"),
        (["--output-description", "nothing=x"], "out.mlpackage", "--output-description nothing: no such feature"),
        (["--author", "Ada"], "out.onnx", "apply to Core ML outputs (.mlmodel, .mlpackage) only"),
        (
            ["--image-input", "image"], "out.onnx",
            "--image-input applies to Core ML outputs (.mlmodel, .mlpackage) only"
        ),
        (["--rename-input", "image"], "out.mlmodel", "--rename-input takes NAME=VALUE"),
    ]

    @Test(arguments: 0..<refused.count)
    func mistakesAreUsageErrors(_ index: Int) throws {
        let (options, output, says) = Self.refused[index]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-interface-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ProcessRunner.delambda(
            ["convert", Self.model, "-o", folder.appendingPathComponent(output).path] + options)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(says), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
