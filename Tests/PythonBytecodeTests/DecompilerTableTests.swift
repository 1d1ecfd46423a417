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
                var expected = try BytecodeTable.expectedFunction(source)
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

    /// The function a source row holds: a lambda expression or a `def`.
    static func expectedFunction(_ source: String) throws -> FunctionDefinition {
        if source.hasPrefix("def ") {
            let file = try FunctionSource.parse(source)
            let name = try #require(file.functionNames.first)
            let function = try file.function(named: name)
            return try #require(function)
        }
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(source) else {
            throw BytecodeTableError(message: "not a lambda: \(source)")
        }
        return .lambda(parameters: parameters, result: body)
    }
}

struct BytecodeTableError: Error {
    var message: String
}

extension FunctionDefinition {
    /// What bytecode can tell: no parameter defaults (Keras stores them beside the code), constants
    /// folded as CPython folds them, and the canonical spelling of logic and conditionals.
    var comparable: FunctionDefinition {
        var copy = self
        copy.parameters = parameters.map { Parameter($0.name, kind: $0.kind) }
        copy.body = body.compactMap { statement -> Statement? in
            switch statement {
            case .assign(let targets, .tuple(let values))
            where targets.count == 1 && targets[0].children.count == values.count && targets[0].isTuple:
                // `a, b = x, y` stores in either order: all values are computed first.
                let names = targets[0].children
                let pairs = zip(names, values.map(\.normalized)).sorted { $0.0.source < $1.0.source }
                return .assign(targets: [.tuple(pairs.map(\.0))], value: .tuple(pairs.map(\.1)))
            case .assign(let targets, let value): return .assign(targets: targets, value: value.normalized)
            case .return(let value): return .return(value.normalized)
            case .expression: return nil
            }
        }
        return copy
    }
}

extension FunctionDefinition {
    /// Python 2's `b','` is its `','`: byte strings are its plain strings.
    fileprivate var withPythonTwoStrings: FunctionDefinition {
        var copy = self
        copy.body = body.map { statement in
            switch statement {
            case .assign(let targets, let value): return .assign(targets: targets, value: value.withPythonTwoStrings)
            case .expression(let value): return .expression(value.withPythonTwoStrings)
            case .return(let value): return .return(value.withPythonTwoStrings)
            }
        }
        return copy
    }
}

extension PythonAST.Expression {
    fileprivate var isTuple: Bool {
        if case .tuple = self { return true }
        return false
    }

    fileprivate var withPythonTwoStrings: PythonAST.Expression {
        transformedBottomUp { node in
            if case .constant(.bytes(let bytes)) = node, let text = String(validating: bytes, as: UTF8.self) {
                return .constant(.string(text))
            }
            return node
        }
    }

    fileprivate var normalized: PythonAST.Expression {
        foldingConstants().canonicalized().foldingConstants()
    }
}
