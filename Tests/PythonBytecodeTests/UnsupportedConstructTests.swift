import Foundation
import JSON
import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// Constructs that are not expressions end in an error naming them, never in a wrong tree.
@Suite struct UnsupportedConstructTests {
    /// Bytecode cannot tell some constructs apart from expressions, and some names are broader.
    /// An `if` whose branches only return (and a `match` on literals, which compiles to the same
    /// comparisons) is the conditional expression it computes; a nested comprehension is first
    /// of all a comprehension.
    static let decompilesTo: [String: String] = [
        "if_statement_def":
            "def maybe_flip(x):\n    return x[:, ::-1] if K.image_data_format() == 'channels_first' else x[..., ::-1]",
        "match_statement_def": "def act(x, kind):\n    return K.relu(x) if kind == 'relu' else x",
        // Inlined: a nested def that is called, a list comprehension over a constant range.
        "nested_def": "def outer(x):\n    return x * 2",
        "list_comprehension_channels": "lambda x: [x[:, 0], x[:, 1], x[:, 2]]",
    ]
    static let alsoAccepted: [String: String] = ["nested comprehension": "list comprehension"]

    @Test(arguments: DecompilerTableTests.versions)
    func everyUnsupportedPayloadNamesItsConstruct(tag: String) throws {
        let url = FixturePaths.fixtures.appendingPathComponent("bytecode/unsupported.json")
        let json = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let rows = try #require(json.array)
        let table = try BytecodeTable.payloads(file: "unsupported_py\(tag).json")
        var failures: [String] = []
        for (id, bytes) in table.payloads {
            let row = try #require(rows.first { $0["id"]?.string == id })
            let construct = try #require(row["construct"]?.string)
            let code = try MarshalReader.readCode(bytes)
            do {
                let function = try BytecodeDecompiler.decompile(code, version: table.version)
                if function.source != Self.decompilesTo[id] {
                    failures.append("\(id): decompiled to \(function.source)")
                }
            } catch {
                guard case .unsupported(let named) = error.kind,
                    named.hasPrefix(construct) || named.hasPrefix(Self.alsoAccepted[construct] ?? construct)
                else {
                    failures.append("\(id): expected \(construct), got \(error)")
                    continue
                }
                #expect(error.description.hasPrefix("unsupported construct \(named) at offset "))
                #expect(error.offset >= 0 && error.offset < code.code.count)
            }
        }
        #expect(table.payloads.count >= 17)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
