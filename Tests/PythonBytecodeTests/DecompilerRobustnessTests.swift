import Foundation
import PythonAST
import PythonBytecode
import TestSupport
import Testing

/// Hostile bytecode ends in a ``BytecodeError`` or a function that prints as valid Python:
/// never a crash, a hang or an unparsable tree.
@Suite struct DecompilerRobustnessTests {
    /// A sample of the table: every fifth payload of every version.
    static let sample: [(version: PythonVersion, bytes: [UInt8])] = {
        DecompilerTableTests.versions.flatMap { tag -> [(PythonVersion, [UInt8])] in
            guard let table = try? BytecodeTable.payloads(file: "py\(tag).json") else { return [] }
            return table.payloads.enumerated().filter { $0.offset % 5 == 0 }.map { (table.version, $0.element.bytes) }
        }
    }()

    @Test func mutatedBytecodeNeverCrashes() throws {
        var generator = SeededGenerator(seed: 0xDEC0DE)
        var outcomes = (functions: 0, invalid: 0, unsupported: 0)
        #expect(Self.sample.count > 800)
        for round in 0..<8_000 {
            let (version, bytes) = Self.sample[round % Self.sample.count]
            var code = try MarshalReader.readCode(bytes)
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !code.code.isEmpty {
                let index = Int.random(in: 0..<code.code.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: code.code[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                case 1: code.code[index] = UInt8.random(in: 0...255, using: &generator)
                case 2: code.code.remove(at: index)
                default: code.code.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            do {
                let function = try BytecodeDecompiler.decompile(code, version: version)
                try Self.expectValidPython(function)
                outcomes.functions += 1
            } catch let error as BytecodeError {
                #expect(error.offset >= 0 && error.offset <= code.code.count)
                if case .invalid = error.kind { outcomes.invalid += 1 } else { outcomes.unsupported += 1 }
            }
        }
        #expect(outcomes.invalid > 1_000)
        #expect(outcomes.functions > 100)
    }

    @Test func mutatedPayloadsRecoverOrFailCleanly() throws {
        var generator = SeededGenerator(seed: 0xBAD5EED)
        var recovered = 0
        for round in 0..<3_000 {
            var bytes = Self.sample[(round * 7) % Self.sample.count].bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            do {
                try Self.expectValidPython(try FunctionRecovery().recover(bytes).function)
                recovered += 1
            } catch is RecoveryError {
            }
        }
        #expect(recovered > 0)
    }

    @Test func randomBytesAreRefused() {
        var generator = SeededGenerator(seed: 42)
        for length in [0, 1, 2, 16, 200, 5_000] {
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 0 { bytes[0] = 0xE3 }
            #expect(throws: RecoveryError.self) { try FunctionRecovery().recover(bytes) }
        }
    }

    /// Hand-made bytecode for Python 3.8 (`x` is the only local; constant 0 is None).
    @Test(
        arguments: [
            ([0x17, 0x00, 0x53, 0x00], "stack underflow"),  // BINARY_ADD first
            ([0x7C, 0x00], "ends without returning"),  // LOAD_FAST x, then nothing
            ([0x7C, 0x00, 0x71, 0x00], "while loop"),  // JUMP_ABSOLUTE 0: a backward jump
            ([0x7C, 0x00, 0x72, 0x03, 0x53, 0x00], "not an instruction"),  // POP_JUMP_IF_FALSE into an instruction
            ([0x7C, 0x05, 0x53, 0x00], "local 5 out of range"),
            ([0x90, 0xFF, 0x90, 0xFF, 0x90, 0xFF, 0x90, 0xFF, 0x64, 0x00, 0x53, 0x00], "argument too large"),
            ([0xFF, 0x00, 0x53, 0x00], "does not exist"),
            ([0x7C, 0x00, 0x53], "odd-sized"),
            ([0x7C, 0x00, 0x53, 0x00, 0x90, 0x01], "EXTENDED_ARG at the end"),
            ([0x7C, 0x00, 0x83, 0xC8, 0x53, 0x00], "stack underflow"),  // CALL_FUNCTION 200
            ([0x7C, 0x00, 0x5C, 0xFF, 0x53, 0x00], "expected a value"),  // UNPACK_SEQUENCE 255, then RETURN_VALUE
            ([0x7C, 0x00, 0x04, 0x00, 0x7D, 0x00, 0x53, 0x00], "unsupported construct walrus"),  // DUP_TOP, STORE_FAST
        ] as [([UInt8], String)])
    func handMadeBytecodeIsRefusedWithItsReason(code bytes: [UInt8], reason: String) throws {
        var code = try MarshalReader.readCode(
            try #require(Self.sample.first { $0.version == PythonVersion(3, 8) }).bytes)
        code.code = bytes
        code.variableNames = ["x"]
        code.localsPlusNames = ["x"]
        code.name = "<lambda>"
        #expect {
            try BytecodeDecompiler.decompile(code, version: PythonVersion(3, 8))
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func deepBytecodeIsRefused() throws {
        var code = try MarshalReader.readCode(
            try #require(Self.sample.first { $0.version == PythonVersion(3, 8) }).bytes)
        code.code =
            [0x7C, 0x00] + Array([[UInt8]](repeating: [0x7C, 0x00, 0x17, 0x00], count: 2_000).joined()) + [0x53, 0x00]
        code.variableNames = ["x"]
        code.name = "<lambda>"
        #expect {
            try BytecodeDecompiler.decompile(code, version: PythonVersion(3, 8))
        } throws: { error in
            "\(error)".contains("nested deeper than 500 levels")
        }
    }

    /// `y = x; for i in range(40): y = y * y; return y`: the unrolled loop shares subtrees, so
    /// the tree is 2^40 nodes in a few kilobytes; anything that walked it would never end.
    @Test(arguments: [
        (
            PythonVersion(3, 8),
            "4wEAAAAAAAAAAAAAAAMAAAADAAAAQwAAAHMeAAAAfAB9AXQAZAGDAUQAXQx9AnwBfAEUAH0BcQx8AVMAKQJO6SgAAAApAdoFcmFuZ2Up"
                + "A9oBeNoBedoBaakAcgYAAAD6Di90bXAvbWtsb29wLnB52gFmAgAAAHMIAAAAAAEEAQwBCgE="
        ),
        (
            PythonVersion(3, 11),
            "4wEAAAAAAAAAAAAAAAMAAAADAAAA8zgAAACXAHwAfQF0AQAAAAAAAAAAAABkAaYBAACrAQAAAAAAAAAARABdB30CfAF8AXoFAAB9AYwI"
                + "fAFTACkCTukoAAAAKQHaBXJhbmdlKQPaAXjaAXnaAWlzAwAAACAgIPoOL3RtcC9ta2xvb3AucHnaAWZyCAAAAAIAAABzLAAAAIAA"
                + "2AgJgEHdDRKQMolZjFnwAAEFEvAAAQUSiAHYDA2QAYlFiAGIAdgLDIBI8wAAAAA="
        ),
    ])
    func aLoopThatDoublesItsTreeIsRefusedBySize(version: PythonVersion, payload: String) throws {
        let code = try MarshalReader.readCode(Array(try #require(Data(base64Encoded: payload))))
        #expect {
            try BytecodeDecompiler.decompile(code, version: version)
        } throws: { error in
            "\(error)".contains("expression of more than \(Expression.maximumSize) nodes")
        }
    }

    /// The function prints as Python that the project's parser reads back.
    static func expectValidPython(_ function: FunctionDefinition) throws {
        if function.isLambda {
            _ = try ExpressionParser.parse(function.source)
        } else {
            _ = try #require(try FunctionSource.parse(function.source).function(named: function.name))
        }
    }
}
