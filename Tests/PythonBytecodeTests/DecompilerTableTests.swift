import Foundation
import JSON
import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// Every payload of the committed table, decompiled, must equal its source parsed by the project's
/// own parser (both brought to canonical form with CPython's constant folding).
@Suite struct DecompilerTableTests {
    static let versions = ["27", "36", "37", "38", "39", "310", "311", "312", "313"]

    @Test(arguments: versions)
    func everyPayloadDecompilesToItsSource(tag: String) throws {
        let sources = try BytecodeTable.sources()
        let table = try BytecodeTable.payloads(file: "py\(tag).json")
        var failures: [String] = []
        var exact = 0
        for (id, bytes) in table.payloads {
            let source = try #require(sources[id])
            do {
                let recovered = try FunctionRecovery().recover(bytes)
                var expected = try ExpectedFunction.parse(source)
                if table.version.major == 2 { expected = expected.withPythonTwoStrings }
                if recovered.function.comparable != expected.comparable {
                    failures.append(
                        "\(id): got \(recovered.function.comparable.source) expected \(expected.comparable.source)")
                }
                if !recovered.versions.contains(table.version) {
                    failures.append("\(id): detected \(recovered.versionLabel), written by \(table.version)")
                }
                if recovered.versions == [table.version] { exact += 1 }
            } catch {
                failures.append("\(id): \(error)")
            }
        }
        let passed = table.payloads.count - Set(failures.map { $0.prefix { $0 != ":" } }).count
        print(
            "python \(table.version): \(passed)/\(table.payloads.count) decompile to their source with the version"
                + " detected; \(exact) detected as exactly \(table.version)")
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}

/// The payload table in `Fixtures/bytecode`.
enum BytecodeTable {
    struct Payloads {
        var version: PythonVersion
        var payloads: [(id: String, bytes: [UInt8])]
    }

    static func sources() throws -> [String: String] {
        let url = FixturePaths.fixtures.appendingPathComponent("bytecode/sources.json")
        let json = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let entries = try #require(json.array)
        var result: [String: String] = [:]
        for entry in entries {
            let id = try #require(entry["id"]?.string)
            result[id] = try #require(entry["source"]?.string)
        }
        return result
    }

    static func payloads(file: String) throws -> Payloads {
        let url = FixturePaths.fixtures.appendingPathComponent("bytecode/payloads/\(file)")
        let table = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let versionText = try #require(table["python_version"]?.string)
        let version = try #require(PythonVersion(versionText))
        var payloads: [(String, [UInt8])] = []
        for entry in try #require(table["payloads"]?.object) {
            guard let text = entry.value.string else { continue }
            let data = try #require(Data(base64Encoded: text))
            payloads.append((entry.key, Array(data)))
        }
        return Payloads(version: version, payloads: payloads)
    }
}
