import Foundation

/// Checks one run against DESIGN.md's "Command line" contract.
struct ContractChecker: Sendable {
    static let crashMarkers = ["Fatal error", "Stack dump", "Backtrace", "SIGSEGV", "SIGABRT", "SIGILL", "SIGBUS"]
    static let maximumLines = 40
    static let maximumLineLength = 2000

    /// Every contract break of a run that ended with `outcome` and wrote `stderr`.
    func check(
        _ prepared: PreparedCase, outcome: ProcessRunner.Outcome, stderr: String, before: FolderSnapshot,
        after: FolderSnapshot
    ) -> [Finding] {
        var findings: [Finding] = []
        if outcome.timedOut {
            findings.append(Finding(kind: .hang, detail: "still running after the time limit (killed)"))
        } else if let signal = outcome.signal {
            findings.append(Finding(kind: .signal, detail: "killed by signal \(signal)"))
        } else if let code = outcome.exitCode, !(0...2).contains(code) {
            findings.append(Finding(kind: .badExitCode, detail: "exit code \(code)"))
        }
        if let marker = Self.crashMarkers.first(where: { stderr.contains($0) }) {
            findings.append(Finding(kind: .crashText, detail: "stderr contains \"\(marker)\""))
        }
        let failed = outcome.exitCode == 1 || outcome.exitCode == 2
        if failed { findings += checkMessage(stderr, exitCode: outcome.exitCode ?? 0) }
        findings += checkInputs(before: before, after: after)
        if !outcome.timedOut, outcome.signal == nil {
            findings += checkFiles(prepared, succeeded: outcome.exitCode == 0, before: before, after: after)
        }
        return findings
    }

    private func checkMessage(_ stderr: String, exitCode: Int32) -> [Finding] {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        var findings: [Finding] = []
        if lines.count > Self.maximumLines {
            findings.append(Finding(kind: .longMessage, detail: "\(lines.count) stderr lines on exit \(exitCode)"))
        }
        if let longest = lines.map(\.utf8.count).max(), longest > Self.maximumLineLength {
            findings.append(Finding(kind: .longMessage, detail: "a \(longest)-byte stderr line on exit \(exitCode)"))
        }
        if exitCode == 2, lines.isEmpty {
            findings.append(Finding(kind: .noMessage, detail: "exit 2 without a message on stderr"))
        }
        return findings
    }

    private func checkInputs(before: FolderSnapshot, after: FolderSnapshot) -> [Finding] {
        var findings: [Finding] = []
        for (path, bytes) in before.entries.sorted(by: { $0.key < $1.key }) {
            guard let bytes else { continue }
            if after.entries[path] == nil {
                findings.append(Finding(kind: .inputModified, detail: "input \(path) is gone"))
            } else if after.entries[path] != bytes {
                findings.append(Finding(kind: .inputModified, detail: "input \(path) changed"))
            }
        }
        return findings
    }

    private func checkFiles(_ prepared: PreparedCase, succeeded: Bool, before: FolderSnapshot, after: FolderSnapshot)
        -> [Finding]
    {
        let new = after.paths.subtracting(before.paths).sorted()
        if let bulk = prepared.bulk {
            let stray = new.filter { !Self.allowed($0, in: bulk) }
            return stray.isEmpty ? [] : [Finding(kind: .strayFile, detail: "left " + Self.list(stray))]
        }
        var findings: [Finding] = []
        let output = prepared.output.map(Self.normalized)
        let isOutput: (String) -> Bool = { path in
            guard let output, succeeded else { return false }
            return path == output || path.hasPrefix(output + "/")
        }
        let stray = new.filter { !isOutput($0) }
        if let output, !succeeded, stray.contains(output) {
            findings.append(Finding(kind: .partialOutput, detail: "\(output) exists after a failure"))
        }
        let others = stray.filter { $0 != output }
        if !others.isEmpty { findings.append(Finding(kind: .strayFile, detail: "left " + Self.list(others))) }
        if succeeded, let output, before.entries[output] == nil, after.entries[output] == nil,
            !after.paths.contains(output)
        {
            findings.append(Finding(kind: .missingOutput, detail: "exit 0 but no \(output)"))
        }
        return findings
    }

    private static func allowed(_ path: String, in bulk: PreparedCase.BulkLayout) -> Bool {
        if path == bulk.report || path == bulk.outputFolder { return true }
        guard path.hasPrefix(bulk.outputFolder + "/") else { return false }
        let inner = String(path.dropFirst(bulk.outputFolder.count + 1))
        if inner == ".delambda-bulk" || inner.hasPrefix(".delambda-bulk/") { return true }
        let stem = (inner as NSString).deletingPathExtension
        let ext = (inner as NSString).pathExtension
        return bulk.inputNames.contains { ($0 as NSString).deletingPathExtension == stem }
            && ["mlmodel", "h5"].contains(ext)
    }

    private static func normalized(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    private static func list(_ paths: [String]) -> String {
        paths.prefix(4).joined(separator: ", ") + (paths.count > 4 ? " and \(paths.count - 4) more" : "")
    }
}
