import Foundation
import JSON
import TestSupport
import Testing

/// `delambda lint` and `delambda explain` as users run them.
@Suite struct RuleCommandTests {
    static func ruleFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func lintFindsProblemsWithCaretsAndExitsOne() throws {
        let path = try Self.ruleFile("rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: expo($x)\n")
        let result = try ProcessRunner.delambda(["lint", path])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("\(path):4:14: error: [unknown-op] 'expo' is not a core op"))
        #expect(result.standardOutput.contains("    rewrite: expo($x)\n             ^"))
        let json = try JSONParser.parse(try ProcessRunner.delambda(["lint", path, "--format", "json"]).standardOutput)
        #expect(json.array?.contains { $0["check"] == "unknown-op" && $0["line"] == 4 } == true)
        let sarif = try JSONParser.parse(
            try ProcessRunner.delambda(["lint", path, "--format", "sarif"]).standardOutput)
        #expect(sarif["version"] == "2.1.0")
        #expect(sarif["runs"]?[0]?["results"]?.array?.contains { $0["ruleId"] == "unknown-op" } == true)
    }

    @Test func lintOfACleanFileExitsZero() throws {
        let path = try Self.ruleFile(
            """
            rules:
              - id: my-cube
                match: mypkg.cube($x)
                rewrite: mul($x, mul($x, $x))
                tests:
                  - {in: "lambda x: mypkg.cube(x)", out: "mul(x, mul(x, x))"}
            """)
        let result = try ProcessRunner.delambda(["lint", path])
        #expect(result.exitCode == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("0 error(s), 0 warning(s) in 1 file(s)"))
    }

    @Test func lintOfTheBuiltInLibraryIsClean() throws {
        let result = try ProcessRunner.delambda(["lint", FixturePaths.packageRoot.appendingPathComponent("Rules").path])
        #expect(!result.standardOutput.contains(": error: "), "\(result.standardOutput)")
    }

    @Test func lintOfMissingFilesIsUnusableInput() throws {
        let result = try ProcessRunner.delambda(["lint", "/nonexistent/rules.yaml"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("delambda: error: /nonexistent/rules.yaml"))
    }

    @Test func explainShowsStepsAndResult() throws {
        let path = FixturePaths.fixture("models/siamese_euclidean.h5")
        let result = try ProcessRunner.delambda(["explain", path, "--layer", "euclidean_distance"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("[k-square]"))
        #expect(
            result.standardOutput.contains(
                "result: sqrt(maximum(reduce_sum(square(sub(vectors[0], vectors[1])), axes=(1,), keepdims=True), 1e-07))"
            ))
        #expect(result.standardOutput.contains("normal form: core ops only"))
    }

    @Test func explainOfAnUnsupportedLambdaShowsWhyNotAndExitsOne() throws {
        let result = try ProcessRunner.delambda(["explain", FixturePaths.fixture("models/global_scale.h5")])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("stuck: no rule rewrites SCALE"))
        let user = try Self.ruleFile("rules:\n  - id: scale\n    match: mul($x, SCALE)\n    rewrite: mul($x, 0.5)\n")
        let fixed = try ProcessRunner.delambda([
            "explain", FixturePaths.fixture("models/global_scale.h5"), "--rules", user,
        ])
        #expect(fixed.exitCode == 0, "\(fixed.standardOutput)")
        #expect(fixed.standardOutput.contains("[scale]"))
        let missing = try ProcessRunner.delambda([
            "explain", FixturePaths.fixture("models/global_scale.h5"), "--layer", "nope",
        ])
        #expect(missing.exitCode == 2)
    }
}
