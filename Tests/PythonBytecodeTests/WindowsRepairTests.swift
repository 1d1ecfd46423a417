import Foundation
import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// tf.keras and Keras 3 on Windows wrote every 0x5C byte of marshal data as 0x2F. Damaging the
/// table's payloads the same way, each must read back as the undamaged function, with the repair
/// reported, except for a `\` inside a string constant: no structure shows it was one (the
/// function then differs in that string only).
@Suite struct WindowsRepairTests {
    @Test(arguments: DecompilerTableTests.versions)
    func damagedPayloadsAreRepaired(tag: String) throws {
        let table = try BytecodeTable.payloads(file: "py\(tag).json")
        var damaged = 0
        var inStringsOnly = 0
        var failures: [String] = []
        for (id, bytes) in table.payloads where bytes.contains(0x5C) {
            damaged += 1
            let original = try FunctionRecovery().recover(bytes)
            let broken = bytes.map { $0 == 0x5C ? 0x2F : $0 }
            do {
                let repaired = try FunctionRecovery().recover(broken)
                if repaired.function != original.function {
                    if repaired.function.withSlashes == original.function.withSlashes {
                        inStringsOnly += 1
                    } else {
                        failures.append("\(id): read as \(repaired.function.source)")
                    }
                }
                let codeDamage = zip(original.code.code, repaired.code.code).filter { $0.0 != $0.1 }.count
                if repaired.repairedOffsets.isEmpty && codeDamage > 0 {
                    failures.append("\(id): repair not reported")
                }
            } catch {
                failures.append("\(id): \(error)")
            }
        }
        print(
            "python \(table.version): \(damaged - failures.count - inStringsOnly)/\(damaged) Windows-damaged payloads"
                + " repaired, \(inStringsOnly) with the damage inside a string constant")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

extension FunctionDefinition {
    /// The function with every `\\` in its string constants written as `/`.
    fileprivate var withSlashes: String {
        source.replacingOccurrences(of: "\\\\", with: "/")
    }
}
