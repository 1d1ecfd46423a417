import Foundation
import RuleFiles
import TestSupport
import Testing

/// `Rules/README.md` lists the core-op catalog as the code defines it. `DELAMBDA_RECORD=1` rewrites it.
@Suite struct RulesReadmeTests {
    @Test func theReadmeListsTheCatalog() throws {
        let url = FixturePaths.packageRoot.appendingPathComponent("Rules/README.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        let generated = CoreOpReference.markdown
        guard let start = text.range(of: CoreOpReference.beginMarker),
            let end = text.range(of: CoreOpReference.endMarker)
        else {
            Issue.record("Rules/README.md has no catalog markers")
            return
        }
        let current = String(text[start.lowerBound..<end.upperBound])
        if ProcessInfo.processInfo.environment["DELAMBDA_RECORD"] != nil, current != generated {
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: generated)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == generated, "run the tests with DELAMBDA_RECORD=1 to update Rules/README.md")
    }
}
