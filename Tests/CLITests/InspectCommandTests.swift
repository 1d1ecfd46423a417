import Foundation
import JSON
import TestSupport
import Testing

/// Runs the built `delambda` binary as users and scripts do: stdout, stderr and exit codes.
@Suite struct InspectCommandTests {
    @Test(arguments: FixturePaths.corpusFiles)
    func inspectsEveryCorpusFile(path: String) throws {
        let result = try ProcessRunner.delambda(["inspect", path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.contains("Lambda layers (1):"))
        let json = try ProcessRunner.delambda(["inspect", path, "--format", "json"])
        #expect(json.exitCode == 0)
        let value = try JSONParser.parse(json.standardOutput)
        let lambdas = value["layers"]?.array?.filter { $0["function"] != nil } ?? []
        #expect(lambdas.count == 1)
        #expect(lambdas.first?["function"]?["payload"] == "marshal")
        #expect(
            lambdas.first?["function"]?["source"]?.string?.hasPrefix("lambda ") == true
                || lambdas.first?["function"]?["source"]?.string?.hasPrefix("def ") == true)
        #expect(lambdas.first?["function"]?["python_version"]?.string != nil)
        #expect(result.standardOutput.contains("source: "))
    }

    @Test func printsRecoveredSourceVersionAndBindings() throws {
        let path = FixturePaths.fixture("models/inception_resnet_block.h5")
        let text = try ProcessRunner.delambda(["inspect", path])
        #expect(text.standardOutput.contains("source: lambda inputs, scale: inputs[0] + inputs[1] * scale"))
        #expect(text.standardOutput.contains("decompiled from Python 3.11 bytecode"))
        #expect(text.standardOutput.contains("scale = 0.17 (argument)"))
        let json = try JSONParser.parse(
            try ProcessRunner.delambda(["inspect", path, "--format", "json"]).standardOutput)
        let function = try #require(json["layers"]?.array?.first { $0["name"] == "scaled_residual" }?["function"])
        #expect(function["python_version"] == "3.11")
        #expect(function["source"] == "lambda inputs, scale: inputs[0] + inputs[1] * scale")
        #expect(function["bound"]?["scale"] == "0.17 (argument)")
        #expect(function["expression"] == "inputs[0] + inputs[1] * 0.17")
    }

    @Test func definesAndPythonOptions() throws {
        let path = FixturePaths.fixture("models/global_scale.h5")
        let bare = try ProcessRunner.delambda(["inspect", path])
        #expect(
            bare.standardOutput.contains("SCALE: global not stored in the file; supply it with --define SCALE=VALUE"))
        let defined = try ProcessRunner.delambda(["inspect", path, "--define", "SCALE=0.5", "--format", "json"])
        let json = try JSONParser.parse(defined.standardOutput)
        let function = try #require(json["layers"]?.array?.first { $0["name"] == "scale_global" }?["function"])
        #expect(function["expression"] == "x * 0.5")
        #expect(function["globals"]?["SCALE"] == "0.5")
        for bad in [["--python", "3.4"], ["--define", "SCALE"], ["--function-source", "/nonexistent.py"]] {
            let result = try ProcessRunner.delambda(["inspect", path] + bad)
            #expect(result.exitCode == 2, "\(bad)")
            #expect(result.standardError.hasPrefix("delambda: error: "), "\(bad)")
        }
    }

    @Test(arguments: FixtureManifest.shared.models)
    func inspectsEveryFixture(fixture: FixtureManifest.Model) throws {
        let result = try ProcessRunner.delambda(["inspect", fixture.path, "--format", "json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let value = try JSONParser.parse(result.standardOutput)
        let names = value["layers"]?.array?.filter { $0["function"] != nil }.compactMap { $0["name"]?.string } ?? []
        #expect(names.sorted() == fixture.lambdas.map(\.layer).sorted())
    }

    @Test(arguments: [
        "bad/empty.h5", "bad/not_hdf5.h5", "bad/truncated.h5", "bad/weights_only.h5", "bad/weights_only.weights.h5",
        "bad/malformed_config.h5", "bad", "bad/does_not_exist.h5",
    ])
    func badInputIsOneLineAndExitCodeTwo(file: String) throws {
        let path = FixturePaths.fixture(file)
        for format in ["text", "json"] {
            let result = try ProcessRunner.delambda(["inspect", path, "--format", format])
            #expect(result.exitCode == 2)
            #expect(result.standardOutput.isEmpty)
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("delambda: error: \(path)") == true)
        }
    }

    @Test func unknownLayerClassIsAWarningNotAFailure() throws {
        let result = try ProcessRunner.delambda(["inspect", FixturePaths.fixture("bad/unknown_layer.h5")])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("warning: unknown layer class 'MyCustomLayer'"))
    }

    @Test(arguments: [
        ["inspect"], ["inspect", "a.h5", "--format", "yaml"], ["inspect", "a.h5", "--bogus"], ["frobnicate"],
    ])
    func usageErrorsExitWithTwo(arguments: [String]) throws {
        let result = try ProcessRunner.delambda(arguments)
        #expect(result.exitCode == 2)
        #expect(!result.standardError.isEmpty)
    }

    /// Flag values are checked by the commands' `validate()`; the CLI still prints its own line
    /// for them (not ArgumentParser's `Error:`), exit 2, and reads no model.
    @Test func badOptionValuesAreRefusedInTheContractsWords() throws {
        let model = FixturePaths.fixture("models/multi_lambda.h5")
        let define = try ProcessRunner.delambda(["inspect", model, "--define", "SCALE"])
        #expect(define.exitCode == 2)
        #expect(define.standardOutput.isEmpty)
        #expect(define.standardError == "delambda: error: --define SCALE: expected NAME=VALUE\n")
        let shard = try ProcessRunner.delambda(["bulk", model, "-o", "/nonexistent/out", "--shard", "2/1"])
        #expect(shard.exitCode == 2)
        #expect(shard.standardError == "delambda: error: --shard 2/1: I must be from 1 to 1\n")
        let flavour = try ProcessRunner.delambda(["bulk", model, "-o", "/nonexistent/out", "--flavour", "keras3"])
        #expect(flavour.exitCode == 2)
        #expect(flavour.standardError.hasPrefix("Error: --flavour applies to --to h5 only\nUsage: delambda"))
    }

    @Test func helpExitsWithZero() throws {
        let result = try ProcessRunner.delambda(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("inspect"))
    }
}
