import CoreMLSpec
import Foundation
import TestSupport
import Testing

/// `delambda convert` as users run it: a parseable .mlmodel, or exit 1 naming what is not
/// convertible, and never a partial file or an overwritten input.
@Suite struct ConvertCommandTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-convert-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["plain_sequential", "plain_functional", "seed_examples", "lambda_math", "tfop_lambda"])
    func convertsToAParseableModel(fixture: String) throws {
        let output = try Self.folder().appendingPathComponent("\(fixture).mlmodel")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/\(fixture).h5"), "-o", output.path,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        #expect(spec.specificationVersion == 4)
        #expect(!spec.neuralNetwork.layers.isEmpty)
        #expect(!spec.description_p.input.isEmpty && !spec.description_p.output.isEmpty)
        #expect(spec.description_p.input.allSatisfy { $0.type.multiArrayType.shape.first == 1 })
    }

    @Test func inputsAndOutputsKeepTheirKerasNames() throws {
        let output = try Self.folder().appendingPathComponent("multi.mlmodel")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/multi_lambda.h5"), "-o", output.path,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        #expect(spec.description_p.input.map(\.name) == ["in_a", "in_b"])
        #expect(spec.description_p.output.map(\.name) == ["head", "flip"])
        #expect(spec.description_p.input.map(\.type.multiArrayType.shape) == [[1, 6], [1, 6]])
        let rules = spec.description_p.metadata.userDefined["delambda.rules"]?.split(separator: ",") ?? []
        #expect(rules.contains("k-l2-normalize") && rules.contains("py-subscript"))
        #expect(spec.description_p.metadata.userDefined["delambda.source"] == "multi_lambda.h5")
    }

    @Test func aLambdaNoRuleRewritesIsExitOneAndNoFile() throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent("scale.mlmodel")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/global_scale.h5"), "-o", output.path,
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("layer 'scale_global'"))
        #expect(result.standardError.contains("lambda x: x * SCALE"))
        #expect(result.standardError.contains("unsupported: SCALE"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let defined = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/global_scale.h5"), "-o", output.path, "--define", "SCALE=0.5",
        ])
        #expect(defined.exitCode == 0, "\(defined.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["scale.mlmodel"])
    }

    @Test func theInputIsNeverOverwrittenAndBadOutputsAreUsageErrors() throws {
        let copy = try Self.folder().appendingPathComponent("model.h5")
        try FileManager.default.copyItem(atPath: FixturePaths.fixture("models/plain_sequential.h5"), toPath: copy.path)
        let before = try Data(contentsOf: copy)
        let same = try ProcessRunner.delambda(["convert", copy.path, "-o", copy.path])
        #expect(same.exitCode == 2)
        #expect(try Data(contentsOf: copy) == before)
        let missing = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/plain_sequential.h5"), "-o", "/nonexistent/folder/out.mlmodel",
        ])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.hasPrefix("delambda: error: "))
    }

    @Test func imageInputOptions() throws {
        let output = try Self.folder().appendingPathComponent("image.mlmodel")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/plain_sequential.h5"), "-o", output.path, "--image-input", "image",
            "--image-scale", "0.5", "--image-bias=-1,0,1", "--image-color", "bgr",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let spec = try CoreML_Specification_Model(serializedBytes: try Data(contentsOf: output))
        #expect(spec.description_p.input.first?.type.imageType.colorSpace == .bgr)
        let scaler = try #require(spec.neuralNetwork.preprocessing.first?.scaler)
        #expect(scaler.channelScale == 0.5 && scaler.redBias == -1 && scaler.greenBias == 0 && scaler.blueBias == 1)
        for bad in [["--image-scale", "2"], ["--image-input", "image", "--image-bias=1,2"]] {
            let refused = try ProcessRunner.delambda(
                ["convert", FixturePaths.fixture("models/plain_sequential.h5"), "-o", output.path] + bad)
            #expect(refused.exitCode == 2, "\(bad): \(refused.standardError)")
        }
    }
}
