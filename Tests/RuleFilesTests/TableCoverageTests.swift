import Foundation
import JSON
import PythonAST
import RuleFiles
import TestSupport
import Testing

/// How much of the real-world table (`Fixtures/bytecode/sources.json`) the built-in library turns
/// into core ops: every parameter taken as a tensor, nothing defined. Reported, with a floor so the
/// library does not silently shrink.
@Suite struct TableCoverageTests {
    @Test func theLibraryCoversMostOfTheTable() throws {
        let url = FixturePaths.fixtures.appendingPathComponent("bytecode/sources.json")
        let json = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let rows = try #require(json.array)
        let library = RuleLibrary(sources: RuleLibrary.builtInSources)
        var rewritten = 0
        var residue: [String: Int] = [:]
        for row in rows {
            let source = try #require(row["source"]?.string)
            guard case .lambda(let parameters, let body)? = try? ExpectedFunction.parse(source).inlined() else {
                continue
            }
            let result = library.rewrite(body, variables: Set(parameters.map(\.name)))
            if result.isNormalForm {
                rewritten += 1
            } else if case .stuck(let terms) = result.stop, let first = terms.first {
                let text = result.text(first)
                let head = String(text.prefix { $0 != "(" && $0 != "[" })
                residue[head, default: 0] += 1
            }
        }
        let common = residue.sorted { $0.value > $1.value }.prefix(25).map { "\($0.key) \($0.value)" }
        print(
            "table coverage: \(rewritten)/\(rows.count) sources rewrite to core ops; most common residue: \(common.joined(separator: ", "))"
        )
        #expect(rewritten * 100 >= rows.count * 50)
    }
}
