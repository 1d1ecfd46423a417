import ArgumentParser
import Foundation

/// Runs a seeded, deterministic mutation campaign against a delambda binary and checks every
/// run against the command-line contract (DESIGN.md, "Command line").
@main
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delambda-campaign",
        abstract: "Mutate models, rule files and command lines; check that delambda keeps its contract.")

    @Option(help: "The delambda executable to test.")
    var delambda: String

    @Option(help: "The campaign's seed; with a case number it fixes everything a case does.")
    var seed: UInt64 = 1

    @Option(help: "How many cases to run.")
    var cases: Int = 100

    @Option(help: "The first case number (to replay one case: --first N --cases 1).")
    var first: Int = 0

    @Option(help: "Seconds a run may take before it is killed and counted as a hang.")
    var timeout: Double = 10

    @Option(help: "Where reproducers of findings are saved.")
    var findings: String = "/tmp/delambda-campaign-findings"

    @Option(help: "Cases run at once.")
    var jobs: Int = 2

    @Option(help: "The repository root, where Fixtures/ and Rules/ are.")
    var root: String = "."

    mutating func run() throws {
        let start = Date()
        let scratch = NSTemporaryDirectory() + "delambda-campaign-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let executable = URL(fileURLWithPath: delambda).standardizedFileURL.path
        let runner = CaseRunner(
            builder: CaseBuilder(corpus: try SeedCorpus(root: root), seed: seed),
            runner: ProcessRunner(executable: executable, timeLimit: timeout),
            findingsFolder: URL(fileURLWithPath: findings).standardizedFileURL.path, scratch: scratch)
        let summary = CampaignSummary()
        let (first, cases, workers) = (first, cases, max(1, jobs))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for number in stride(from: first + worker, to: first + cases, by: workers) {
                do throws(CampaignError) {
                    summary.record(try runner.run(number))
                } catch {
                    summary.recordFailure(number, error)
                }
            }
        }
        summary.printSummary(seed: seed, seconds: Date().timeIntervalSince(start))
        if summary.findingCount > 0 || summary.hadFailures { throw ExitCode(1) }
    }
}
