import Foundation
import JSON
import TestSupport
import Testing

/// What the commands say of a model they cannot convert: every problem in one run, the same in
/// inspect, explain and convert, each refusal ending with the next step; and outputs named for
/// a format the tool does not write refused before anything runs.
@Suite struct DiagnosisCommandTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-diagnosis-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func diagnosis(_ name: String) -> String { FixturePaths.fixture("diagnosis/\(name).h5") }

    // MARK: The output is what it says

    @Test(arguments: [
        ("model.keras", "not '.keras'"),
        ("model.txt", "not '.txt'"), ("model", "none without an extension"),
    ])
    func convertRefusesAnExtensionItDoesNotWrite(name: String, refused: String) throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent(name).path
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/multi_lambda.h5"), "-o", output,
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.standardError
                == "delambda: error: \(output): convert writes .mlmodel or .mlpackage or .onnx files, \(refused); name the output OUT.mlmodel\n"
        )
        #expect(result.standardOutput.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func convertTakesTheExtensionInAnyCase() throws {
        let output = try Self.folder().appendingPathComponent("model.MLModel").path
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/lambda_math.h5"), "-o", output,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test(arguments: [("model.mlpackage", "not '.mlpackage'"), ("model.mlmodel", "not '.mlmodel'")])
    func rewriteRefusesAnExtensionItDoesNotWrite(name: String, refused: String) throws {
        let folder = try Self.folder()
        let output = folder.appendingPathComponent(name).path
        let result = try ProcessRunner.delambda([
            "rewrite", FixturePaths.fixture("models/lambda_math.h5"), "-o", output,
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.standardError
                == "delambda: error: \(output): rewrite writes .h5 or .keras files, \(refused); name the output OUT.h5\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: [("tflite", ""), ("coreml", "")])
    func bulkRefusesATargetItDoesNotWrite(target: String, notYet: String) throws {
        let folder = try Self.folder()
        let result = try ProcessRunner.delambda([
            "bulk", FixturePaths.fixture("models"), "-o", folder.appendingPathComponent("out").path, "--to", target,
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.standardError
                == "delambda: error: --to \(target): bulk writes mlmodel or h5 or onnx or keras or mlpackage files "
                + "(mlmodel, mlpackage and onnx by convert, h5 and keras by rewrite), not '\(target)'\(notYet)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    // MARK: One pass, every problem

    @Test func convertNamesTheLambdaAndTheUnknownLayerInOneRun() throws {
        let path = Self.diagnosis("lambda_and_custom_layer")
        let output = try Self.folder().appendingPathComponent("model.mlmodel").path
        let result = try ProcessRunner.delambda(["convert", path, "-o", output])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError
                == "delambda: error: \(path): not convertible: layer 'dense' (MyCustomLayer): layer class "
                + "'MyCustomLayer' is not supported yet (no Core ML converter); layer 'scale_global': lambda x: "
                + "x * SCALE: unsupported: SCALE (a global the file does not store: supply --define SCALE=VALUE)\n")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func inspectNamesBothToo() throws {
        let path = Self.diagnosis("lambda_and_custom_layer")
        let text = try ProcessRunner.delambda(["inspect", path])
        #expect(text.exitCode == 0)
        #expect(text.standardOutput.contains("supply --define SCALE=VALUE"))
        #expect(
            text.standardOutput.contains(
                "Layers Core ML cannot convert (1):\n  dense (MyCustomLayer): layer class 'MyCustomLayer' is not "
                    + "supported yet (no Core ML converter)\n"))
        let json = try JSONParser.parse(
            try ProcessRunner.delambda(["inspect", path, "--format", "json"]).standardOutput)
        let layers = try #require(json["layers"]?.array)
        let dense = try #require(layers.first { $0["name"] == "dense" })
        #expect(dense["refusal"]?.string?.contains("not supported yet") == true)
        let lambda = try #require(layers.first { $0["name"] == "scale_global" })
        #expect(lambda["function"]?["status"] == "unsupported")
    }

    @Test func aLambdaCoreMLRefusesIsNotRewritable() throws {
        let path = Self.diagnosis("round_lambda")
        let json = try JSONParser.parse(
            try ProcessRunner.delambda(["inspect", path, "--format", "json"]).standardOutput)
        let function = try #require(json["layers"]?.array?.first { $0["name"] == "scale_global" }?["function"])
        #expect(function["status"] == "unsupported")
        #expect(function["core_ops"] == "round(x)")
        #expect(function["refused_by"]?.array?.first?["op"] == "round")
        #expect(function["refused_by"]?.array?.first?["backend"] == "coreml")
        let explain = try ProcessRunner.delambda(["explain", path])
        #expect(explain.exitCode == 1)
        #expect(
            explain.standardOutput.contains(
                "      refused by Core ML: round: Core ML does not specify how its round layer rounds halves"))
        let convert = try ProcessRunner.delambda([
            "convert", path, "-o", try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(convert.exitCode == 1)
        #expect(
            convert.standardError.hasSuffix(
                "layer 'scale_global': lambda x: K.round(x): rewritten to round(x), but the Core ML backend refuses "
                    + "round (Core ML does not specify how its round layer rounds halves (TensorFlow rounds to even))\n"
            ))
    }

    /// A loop whose length the model decides is unrolled up to 16 times; this model's 40 is
    /// refused with the loop's own words, not with advice to write a rule.
    @Test func aLoopLongerThanTheUnrollLimitIsRefusedByName() throws {
        let convert = try ProcessRunner.delambda([
            "convert", Self.diagnosis("long_loop_lambda"), "-o",
            try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(convert.exitCode == 1)
        #expect(
            convert.standardError.contains(
                "list comprehension over range(K.int_shape(x)[-1] * 10) of more than 16 iterations"))
        #expect(
            convert.standardError.contains("(the function raises on the path this model's arguments and shapes choose)")
        )
        #expect(!convert.standardError.contains("no rule rewrites it"))
        #expect(convert.standardError.split(separator: "\n").count == 1)
    }

    @Test func explainExitsOneWhenALambdaIsNotDecompiled() throws {
        let path = Self.diagnosis("loop_lambda")
        let explain = try ProcessRunner.delambda(["explain", path])
        #expect(explain.exitCode == 1)
        #expect(explain.standardOutput.contains("unsupported construct generator expression"))
        #expect(explain.standardOutput.contains("see docs/decompiler.md"))
        let convert = try ProcessRunner.delambda([
            "convert", path, "-o", try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(convert.exitCode == 1)
        #expect(
            convert.standardError.contains(
                "(Delambda does not decompile this construct yet, see docs/decompiler.md: write the Lambda without it "
                    + "and save the model again)"))
    }

    @Test func explainShowsTheShapesConvertInfers() throws {
        let explain = try ProcessRunner.delambda([
            "explain", FixturePaths.fixture("models/global_scale.h5"), "--define", "SCALE=0.5",
        ])
        #expect(explain.exitCode == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains("      input shape: (None, 4)\n"))
        #expect(explain.standardOutput.contains("      output shape: (None, 4)\n"))
        let multi = try ProcessRunner.delambda(["explain", FixturePaths.fixture("models/siamese_l1.h5")])
        #expect(multi.exitCode == 0, "\(multi.standardError)")
        #expect(multi.standardOutput.contains("      input shapes: (None, "))
    }

    // MARK: Advice that leads somewhere

    @Test func anOpNoRuleRewritesPointsToExplainAndRules() throws {
        let path = Self.diagnosis("unknown_op_lambda")
        let result = try ProcessRunner.delambda([
            "convert", path, "-o", try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.hasSuffix(
                "unsupported: tensorflow.math.lgamma(x) (no rule rewrites it: see the rule steps with 'delambda "
                    + "explain \(path) --layer scale_global', then add a rule in a file passed with --rules FILE.yaml "
                    + "(Rules/README.md, section \"A rule file\"))\n"))
    }

    @Test func aFunctionStoredByNamePointsToFunctionSource() throws {
        let result = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("models/keras3_named.h5"), "-o",
            try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("pass its Python source with --function-source FILE.py"))
    }

    @Test func aWeightlessCustomClassWithAKnownConfigGetsThatLayerSuggested() throws {
        let result = try ProcessRunner.delambda([
            "convert", Self.diagnosis("registered_activation"), "-o",
            try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.hasSuffix(
                "layer 'tanh' (Custom>MyTanh): layer class 'Custom>MyTanh' is not supported yet (no Core ML "
                    + "converter), but it has no weights and its config has exactly the keys of Keras's Activation: "
                    + "if it registers Activation under another name, save the model with that class\n"))
        // A custom class with weights gets no such guess.
        let weighted = try ProcessRunner.delambda([
            "convert", FixturePaths.fixture("bad/unknown_layer.h5"), "-o",
            try Self.folder().appendingPathComponent("m.mlmodel").path,
        ])
        #expect(weighted.exitCode == 1)
        #expect(weighted.standardError.contains("layer class 'MyCustomLayer' is not supported yet"))
        #expect(!weighted.standardError.contains("Keras's"))
    }

    @Test func anUnusedDefineIsAWarningThatKeepsTheExitCode() throws {
        let path = FixturePaths.fixture("models/global_scale.h5")
        let output = try Self.folder().appendingPathComponent("m.mlmodel").path
        let warning =
            "delambda: warning: --define SCLAE: no Lambda of \(path) reads a global named SCLAE; the value is not used\n"
        let converted = try ProcessRunner.delambda([
            "convert", path, "-o", output, "--define", "SCALE=0.5", "--define", "SCLAE=2",
        ])
        #expect(converted.exitCode == 0)
        #expect(converted.standardError == warning)
        let refused = try ProcessRunner.delambda(["convert", path, "-o", output + "2.mlmodel", "--define", "SCLAE=2"])
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.hasPrefix(warning + "delambda: error: "))
        for command in [["inspect"], ["explain"]] {
            let result = try ProcessRunner.delambda(command + [path, "--define", "SCALE=0.5", "--define", "SCLAE=2"])
            #expect(result.exitCode == 0)
            #expect(result.standardError == warning)
        }
        let used = try ProcessRunner.delambda(["inspect", path, "--define", "SCALE=0.5"])
        #expect(used.standardError.isEmpty)
    }

    @Test func bulkEndsWithWhatBlocksTheMostModels() throws {
        let root = try Self.folder()
        let zoo = root.appendingPathComponent("zoo")
        try FileManager.default.createDirectory(at: zoo, withIntermediateDirectories: true)
        for (name, fixture) in [
            ("a.h5", "models/global_scale.h5"), ("b.h5", "diagnosis/lambda_and_custom_layer.h5"),
            ("c.h5", "diagnosis/round_lambda.h5"), ("d.h5", "models/lambda_math.h5"),
        ] {
            try FileManager.default.copyItem(
                atPath: FixturePaths.fixture(fixture), toPath: zoo.appendingPathComponent(name).path)
        }
        let report = root.appendingPathComponent("report.json")
        let result = try ProcessRunner.delambda([
            "bulk", zoo.path, "-o", root.appendingPathComponent("out").path, "--report", report.path,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardOutput.contains(
                """
                blocked by                 models
                global SCALE               2
                layer class MyCustomLayer  1
                op round (Core ML)         1

                """))
        let json = try JSONParser.parse(try String(contentsOf: report, encoding: .utf8))
        #expect(
            json["blockers"]
                == [
                    ["blocker": "global SCALE", "models": 2], ["blocker": "layer class MyCustomLayer", "models": 1],
                    ["blocker": "op round (Core ML)", "models": 1],
                ])
    }
}
