import Foundation
import HDF5
import TestSupport
import Testing

/// `delambda rewrite` as users run it: a report per Lambda, exit 1 naming what is not rewritable,
/// exit 2 for unusable input, never a partial file, never the input overwritten.
@Suite struct RewriteCommandTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-rewrite-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func reportsWhichLayersReplacedEachLambda() throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent("math.h5")
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("models/lambda_math.h5"), "-o", output.path,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("6 Lambda layers replaced"))
        #expect(result.standardOutput.contains("l2norm -> l2norm (UnitNormalization)"))
        #expect(result.standardOutput.contains("sin_cos__sin (TFOpLambda tf.math.sin)"))
        #expect(
            try HDF5File.open(output.path).root.attributes.read("model_config")?.string?.contains("__lambda__") == false
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["math.h5"])
    }

    @Test func aLambdaWithNoBuiltInFormIsExitOneAndNoFile() throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent("vae.h5")
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("models/vae_sampling.h5"), "-o", output.path,
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("layer 'sampling'"))
        #expect(result.standardError.contains("K.random_normal"))
        #expect(result.standardError.contains("random_normal: no built-in Keras layer"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anUndefinedGlobalIsExitOneUntilDefined() throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent("scale.h5")
        let model = FixturePaths.fixture("models/global_scale.h5")
        let result = try ProcessRunner.delambda(["rewrite", model, "-o", output.path])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("layer 'scale_global'") && result.standardError.contains("SCALE"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let defined = try ProcessRunner.delambda(["rewrite", model, "-o", output.path, "--define", "SCALE=0.5"])
        #expect(defined.exitCode == 0, "\(defined.standardError)")
        #expect(defined.standardOutput.contains("scale_global -> scale_global (Rescaling)"))
    }

    @Test func badInputsAndOutputsAreExitTwoAndTheInputIsNeverOverwritten() throws {
        let folder = try Self.folder()
        let copy = folder.appendingPathComponent("model.h5")
        try FileManager.default.copyItem(atPath: FixturePaths.fixture("models/lambda_math.h5"), toPath: copy.path)
        let before = try Data(contentsOf: copy)
        let same = try ProcessRunner.delambda(["rewrite", copy.path, "-o", copy.path])
        #expect(same.exitCode == 2)
        #expect(same.standardError.contains("refusing to overwrite the input"))
        #expect(try Data(contentsOf: copy) == before)
        let missingFolder = try ProcessRunner.delambda([
            "rewrite", copy.path, "-o", "/nonexistent/folder/out.h5",
        ])
        #expect(missingFolder.exitCode == 2)
        #expect(missingFolder.standardError.hasPrefix("delambda: error: "))
        let notHDF5 = folder.appendingPathComponent("text.h5")
        try "not a model".write(to: notHDF5, atomically: true, encoding: .utf8)
        let unreadable = try ProcessRunner.delambda([
            "rewrite", notHDF5.path, "-o", folder.appendingPathComponent("out.h5").path,
        ])
        #expect(unreadable.exitCode == 2)
        #expect(unreadable.standardError.contains("text.h5"))
        let usage = try ProcessRunner.delambda(["rewrite", copy.path])
        #expect(usage.exitCode == 2)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["model.h5", "text.h5"])
    }
}
