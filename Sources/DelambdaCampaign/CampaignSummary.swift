import Foundation

/// Collects the cases' results from the worker threads, prints each finding as it comes, and
/// the summary at the end.
final class CampaignSummary: @unchecked Sendable {
    private let lock = NSLock()
    private var casesRun = 0
    private var findingsByKind: [Finding.Kind: Int] = [:]
    private var exitCodes: [String: Int] = [:]
    private var failures: [String] = []

    func record(_ result: CaseResult) {
        lock.lock()
        defer { lock.unlock() }
        casesRun += 1
        let ending = result.outcome.signal.map { "signal \($0)" } ?? "exit \(result.outcome.exitCode ?? -1)"
        exitCodes[result.outcome.timedOut ? "timeout" : ending, default: 0] += 1
        for finding in result.findings {
            findingsByKind[finding.kind, default: 0] += 1
            say(
                "FINDING case \(result.prepared.number) [\(result.prepared.command.rawValue)] "
                    + "delambda \(result.prepared.arguments.joined(separator: " ")) | \(finding.kind.rawValue): "
                    + "\(finding.detail) | \(result.prepared.mutation) | \(result.reproducer ?? "-") | "
                    + result.firstStderrLine)
        }
    }

    func recordFailure(_ number: Int, _ error: CampaignError) {
        lock.lock()
        defer { lock.unlock() }
        failures.append("case \(number): \(error)")
        say("CAMPAIGN ERROR case \(number): \(error)")
    }

    /// Writes a line unbuffered, so that findings show as they come even when piped.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The total number of findings.
    var findingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return findingsByKind.values.reduce(0, +)
    }

    func printSummary(seed: UInt64, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        say("summary: seed \(seed), \(casesRun) cases in \(String(format: "%.1f", seconds)) s")
        say(
            "  endings: " + exitCodes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        )
        let total = findingsByKind.values.reduce(0, +)
        say("  findings: \(total)")
        for kind in Finding.Kind.allCases {
            if let count = findingsByKind[kind] { say("    \(kind.rawValue): \(count)") }
        }
        if !failures.isEmpty { say("  campaign errors: \(failures.count)") }
    }

    var hadFailures: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !failures.isEmpty
    }
}
