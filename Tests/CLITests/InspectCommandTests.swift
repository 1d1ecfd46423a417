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

    @Test func helpExitsWithZero() throws {
        let result = try ProcessRunner.delambda(["--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("inspect"))
    }
}
