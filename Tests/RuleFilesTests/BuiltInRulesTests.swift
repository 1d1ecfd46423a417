import Foundation
import RuleFiles
import Testing

/// Every rule of the built-in library (`Rules/`) compiles, and its tests pass: one generic test
/// runs them all, rule by rule, as SwiftLint runs every rule's examples, so that a failure names
/// its rule.
@Suite struct BuiltInRulesTests {
    static let library = RuleLibrary(sources: RuleLibrary.builtInSources)
    static let names = Set(RuleLibrary.builtInSources.map(\.name))
    /// Every built-in rule's id, in the order written.
    static let ruleIDs = library.files.compactMap(\.spec).flatMap(\.rules).map(\.id.value)
    /// Read once for all rules; `theLibraryCompilesAndLintsClean` reports why, when it cannot be.
    static let recordedOutputs = try? recordings()

    @Test func theLibraryIsBuiltIn() {
        let names = RuleLibrary.builtInSources.map(\.name)
        #expect(names.contains("Rules/tensorflow.yaml"))
        #expect(names.contains("Rules/keras_backend.yaml"))
        #expect(names.count >= 6)
    }

    /// Every check but the rules' own tests (which `ruleTestsPass` runs rule by rule).
    @Test func theLibraryCompilesAndLintsClean() throws {
        let linter = RuleLinter(library: Self.library, linted: Self.names, recordings: try Self.recordings())
        let findings = linter.run(ruleTests: false)
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.rendered).joined(separator: "\n"))")
        let testless = findings.filter { $0.checkID == "no-tests" }
        #expect(testless.count <= 2, "\(testless.map(\.description).joined(separator: "\n"))")
        #expect(Self.library.ruleSet.rules.count >= 150)
        #expect(Self.ruleIDs.count == Set(Self.ruleIDs).count)
        let tests = Self.library.files.compactMap(\.spec).flatMap(\.rules).reduce(0) { $0 + $1.tests.count }
        print(
            "built-in library: \(Self.library.ruleSet.rules.count) rules, \(tests) rule tests, \(findings.count) findings"
        )
    }

    @Test(arguments: ruleIDs)
    func ruleTestsPass(ruleID: String) throws {
        let recordings = try #require(Self.recordedOutputs, "the recorded TensorFlow outputs do not parse")
        let linter = RuleLinter(library: Self.library, linted: Self.names, recordings: recordings)
        let errors = linter.ruleTestFindings(ofRule: ruleID).filter { $0.severity == .error }
        #expect(errors.isEmpty, "rule '\(ruleID)':\n\(errors.map(\.rendered).joined(separator: "\n"))")
    }

    /// The recorded TensorFlow outputs beside the built-in rule files.
    static func recordings() throws -> [String: NumericRecordings] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules")
        var result: [String: NumericRecordings] = [:]
        for source in RuleLibrary.builtInSources {
            let name = String(source.name.dropFirst("Rules/".count).dropLast(".yaml".count)) + ".recorded.json"
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            result[source.name] = try NumericRecordings.parse(text)
        }
        return result
    }
}
