import Foundation
import TestSupport
import Testing

/// `convert -o OUT.mlpackage` through the binary: the package written, the options checked,
/// refusals naming the layer.
@Suite struct MLPackageCommandTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-mlpackage-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func convertWritesAPackage() throws {
        let output = try Self.folder().appendingPathComponent("model.mlpackage")
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/lambda_math.h5"), "-o", output.path, "--precision", "float32",
            "--format", "mlprogram",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("ML Program operations (specification version 6)"))
        for file in [
            "Manifest.json", "Data/com.apple.CoreML/model.mlmodel", "Data/com.apple.CoreML/weights/weight.bin",
        ] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
    }

    /// `--precision float16` with a `.mlmodel`: the weights stored in half precision, about half
    /// the file (the numbers are checked against TensorFlow in GoldenComparisonTests).
    @Test func halfPrecisionMLModelIsAboutHalfTheSize() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var sizes: [String: Int] = [:]
        for precision in ["float32", "float16"] {
            let output = folder.appendingPathComponent("\(precision).mlmodel")
            let result = try ProcessRunner.delambda([
                "convert", Self.corpusModel, "-o", output.path, "--precision", precision,
            ])
            #expect(result.exitCode == 0, "\(result.standardError)")
            sizes[precision] = try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int
        }
        let (full, half) = (try #require(sizes["float32"]), try #require(sizes["float16"]))
        #expect(Double(half) < 0.55 * Double(full), "float16 \(half) bytes, float32 \(full) bytes")
    }

    /// A real model of 252,219 weights (3 MB): its file is mostly weights.
    static let corpusModel = FixturePaths.corpus.appendingPathComponent(
        "01_naokishibuya__car-behavioral-cloning__model.h5"
    ).path

    @Test(arguments: [
        (["--format", "mlprogram"], "model.mlmodel", "--format mlprogram writes .mlpackage files"),
        (["--format", "neuralnetwork"], "model.mlpackage", "--format neuralnetwork writes .mlmodel files"),
        (
            ["--precision", "float16"], "model.onnx",
            "--precision applies to Core ML outputs (.mlmodel, .mlpackage) only"
        ),
        (["--precision", "float8"], "model.mlpackage", "--precision float8: float16 or float32"),
        (["--minimum-deployment-target", "iOS14"], "model.mlpackage", "--minimum-deployment-target iOS14: one of"),
    ])
    func badOptionsAreUsageErrors(options: [String], name: String, message: String) throws {
        let folder = try Self.folder()
        let result = try ProcessRunner.delambda(
            ["convert", FixturePaths.fixture("models/lambda_math.h5"), "-o", folder.appendingPathComponent(name).path]
                + options)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A layer class the ML Program backend lacks is named, exit 1, and nothing is written: a
    /// `UnitNormalization` layer, as `rewrite` writes for `K.l2_normalize`.
    @Test func aRefusedLayerIsNamed() throws {
        let folder = try Self.folder()
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-unit-\(UUID()).h5").path
        defer { try? FileManager.default.removeItem(atPath: source) }
        let rewritten = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("models/lambda_math.h5"), "-o", source,
        ])
        #expect(rewritten.exitCode == 0, "\(rewritten.standardError)")
        let result = try ProcessRunner.delambda([
            "convert", source, "-o", folder.appendingPathComponent("model.mlpackage").path,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains(
                "(UnitNormalization): layer class 'UnitNormalization' is not supported yet (no ML Program converter)"),
            "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func bulkWritesPackages() throws {
        let folder = try Self.folder()
        let list = folder.appendingPathComponent("list.txt")
        try (FixturePaths.fixture("models/lambda_math.h5") + "\n").write(to: list, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out")
        let result = try ProcessRunner.delambda([
            "bulk", list.path, "-o", output.path, "--to", "mlpackage", "--jobs", "1",
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: output.path)
        #expect(written.contains { $0.hasSuffix("lambda_math.mlpackage/Manifest.json") }, "\(written)")
    }
}
