import RuleFiles
import Testing

/// The registry of lint checks is the one list of check ids: unique, each summarized.
@Suite struct LintCheckTests {
    @Test func idsAreUniqueAndSummarized() {
        let ids = LintCheck.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for check in LintCheck.all {
            #expect(!check.summary.isEmpty && !check.summary.contains("\n"), "\(check.id)")
            #expect(LintCheck.named(check.id) == check)
        }
    }

    /// A finding found by lint names a check of the registry.
    @Test func findingsNameRegisteredChecks() {
        let source = RuleSource(
            name: "bad.yaml", text: "rules:\n  - id: a\n    match: tensorflow.math.exp($x)\n    rewrite: exp($y)\n",
            isBuiltIn: false)
        let library = RuleLibrary(sources: RuleLibrary.builtInSources + [source])
        let findings = RuleLinter(library: library, linted: ["bad.yaml"]).run()
        #expect(!findings.isEmpty)
        for finding in findings { #expect(LintCheck.named(finding.checkID) == finding.check) }
        #expect(findings.contains { $0.check.id == "unbound-metavariable" && $0.message.contains("$y") })
    }
}
