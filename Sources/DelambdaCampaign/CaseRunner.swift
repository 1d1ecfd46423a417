import Foundation

/// Prepares, runs and checks one case in a fresh temporary folder, saving a reproducer when
/// something broke.
struct CaseRunner: Sendable {
    var builder: CaseBuilder
    var runner: ProcessRunner
    var findingsFolder: String
    var scratch: String

    func run(_ number: Int) throws(CampaignError) -> CaseResult {
        let caseFolder = scratch + "/case-\(number)"
        let work = caseFolder + "/work"
        let pristine = caseFolder + "/pristine"
        try make(work)
        defer { try? FileManager.default.removeItem(atPath: caseFolder) }
        let prepared = try builder.prepare(number, in: work)
        try copyItem(work, pristine)
        let before = FolderSnapshot(work)
        let stdoutPath = caseFolder + "/stdout.txt"
        let stderrPath = caseFolder + "/stderr.txt"
        let outcome = try runner.run(prepared.arguments, in: work, stdout: stdoutPath, stderr: stderrPath)
        let stderr = String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
        let findings = ContractChecker().check(
            prepared, outcome: outcome, stderr: stderr, before: before, after: FolderSnapshot(work))
        let firstLine = String(stderr.split(separator: "\n").first ?? "").prefix(200)
        var result = CaseResult(
            prepared: prepared, outcome: outcome, findings: findings, firstStderrLine: String(firstLine))
        if !findings.isEmpty {
            result.reproducer = try save(result, pristine: pristine, stderrPath: stderrPath, stdoutPath: stdoutPath)
        }
        return result
    }

    /// Keeps the inputs as they were before the run, the command and its output streams.
    private func save(_ result: CaseResult, pristine: String, stderrPath: String, stdoutPath: String)
        throws(CampaignError) -> String
    {
        let folder = findingsFolder + "/seed\(builder.seed)-case\(result.prepared.number)"
        try? FileManager.default.removeItem(atPath: folder)
        try make(folder)
        try copyItem(pristine, folder + "/input")
        try? FileManager.default.copyItem(atPath: stderrPath, toPath: folder + "/stderr.txt")
        try? FileManager.default.copyItem(atPath: stdoutPath, toPath: folder + "/stdout.txt")
        let quoted = result.prepared.arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script = """
            #!/bin/sh
            # seed \(builder.seed), case \(result.prepared.number): \(result.prepared.mutation)
            # \(result.findings.map { "\($0.kind.rawValue): \($0.detail)" }.joined(separator: "; "))
            # Runs in a copy of input/, so that the saved inputs stay as they were.
            DELAMBDA="${DELAMBDA:-\(runner.executable)}"
            here="$(cd "$(dirname "$0")" && pwd)"
            run="$(mktemp -d)"
            cp -R "$here/input/." "$run/"
            cd "$run" && exec "$DELAMBDA" \(quoted.joined(separator: " "))

            """
        let path = folder + "/repro.sh"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
        else { throw CampaignError("cannot write \(path)") }
        return folder
    }

    private func make(_ path: String) throws(CampaignError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CampaignError("cannot make \(path): \(error.localizedDescription)")
        }
    }

    private func copyItem(_ source: String, _ destination: String) throws(CampaignError) {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw CampaignError("cannot copy \(source) to \(destination): \(error.localizedDescription)")
        }
    }
}
