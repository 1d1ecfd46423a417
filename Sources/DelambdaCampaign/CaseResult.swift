/// What one case did and what broke.
struct CaseResult: Sendable {
    var prepared: PreparedCase
    var outcome: ProcessRunner.Outcome
    var findings: [Finding]
    var firstStderrLine: String
    /// Where the reproducer was saved, when there are findings.
    var reproducer: String?
}
