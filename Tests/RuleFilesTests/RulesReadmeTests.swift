import Foundation
import RuleFiles
import TestSupport
import Testing

/// `Rules/README.md` lists the core-op catalog and the lint checks as the code defines them.
/// `DELAMBDA_RECORD=1` rewrites its generated sections.
@Suite struct RulesReadmeTests {
    @Test func theReadmeListsTheCatalog() throws {
        try Self.expectSection(
            CoreOpReference.markdown, between: CoreOpReference.beginMarker, and: CoreOpReference.endMarker)
    }

    @Test func theReadmeListsTheLintChecks() throws {
        try Self.expectSection(
            LintCheckReference.markdown, between: LintCheckReference.beginMarker, and: LintCheckReference.endMarker)
    }

    /// The README's text from `begin` to `end` is `generated` (markers included); with
    /// `DELAMBDA_RECORD` set, it is rewritten to be.
    static func expectSection(_ generated: String, between begin: String, and end: String) throws {
        let url = FixturePaths.packageRoot.appendingPathComponent("Rules/README.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: begin), let stop = text.range(of: end) else {
            Issue.record("Rules/README.md has no markers \(begin) ... \(end)")
            return
        }
        let current = String(text[start.lowerBound..<stop.upperBound])
        if ProcessInfo.processInfo.environment["DELAMBDA_RECORD"] != nil, current != generated {
            text.replaceSubrange(start.lowerBound..<stop.upperBound, with: generated)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            current == generated,
            "run the tests with DELAMBDA_RECORD=1 to update Rules/README.md; expected:\n\(generated)")
    }
}
