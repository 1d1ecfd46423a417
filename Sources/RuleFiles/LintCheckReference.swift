import Foundation

/// The lint checks as a Markdown table, for `Rules/README.md` (a test keeps the two equal).
public enum LintCheckReference {
    public static let beginMarker =
        "<!-- lint-checks:begin: generated from Sources/RuleFiles/LintCheck.swift, do not edit -->"
    public static let endMarker = "<!-- lint-checks:end -->"

    /// One row per check: its id, default severity and summary.
    public static var markdown: String {
        var lines = ["| check | severity | finds |", "|---|---|---|"]
        for check in LintCheck.all {
            let summary = check.summary.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(check.id)` | \(check.severity.rawValue) | \(summary) |")
        }
        return ([beginMarker] + lines + [endMarker]).joined(separator: "\n")
    }
}
