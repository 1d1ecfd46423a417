import Foundation
import RuleFiles
import Testing

/// Every rule of the built-in library (`Rules/`) compiles, and its tests pass: one generic test
/// runs them all, as SwiftLint runs every rule's examples.
@Suite struct BuiltInRulesTests {
    @Test func theLibraryIsBuiltIn() {
        let names = RuleLibrary.builtInSources.map(\.name)
        #expect(names.contains("Rules/tensorflow.yaml"))
        #expect(names.contains("Rules/keras_backend.yaml"))
        #expect(names.count >= 6)
    }

    @Test func everyBuiltInRuleCompilesAndPassesItsTests() throws {
        let library = RuleLibrary(sources: RuleLibrary.builtInSources)
        let names = Set(RuleLibrary.builtInSources.map(\.name))
        let findings = RuleLinter(library: library, linted: names, recordings: try Self.recordings()).run()
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.rendered).joined(separator: "\n"))")
        let testless = findings.filter { $0.checkID == "no-tests" }
        #expect(testless.count <= 2, "\(testless.map(\.description).joined(separator: "\n"))")
        #expect(library.ruleSet.rules.count >= 150)
        let tests = library.files.compactMap(\.spec).flatMap(\.rules).reduce(0) { $0 + $1.tests.count }
        print("built-in library: \(library.ruleSet.rules.count) rules, \(tests) rule tests, \(findings.count) findings")
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
