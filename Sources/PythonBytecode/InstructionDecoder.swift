/// Splits `co_code` into instructions under one version's opcode table, checking that every
/// opcode exists in that version, inline caches are empty, and jumps land on instructions.
///
/// A payload's bytecode being valid under a table is half of how its Python version is detected,
/// so the checks are strict: anything `compile()` of that version could not have produced fails.
public struct InstructionDecoder {
    public let table: OpcodeTable

    public init(table: OpcodeTable) {
        self.table = table
    }

    /// Decodes all of `code`.
    /// - Throws: ``BytecodeError`` (`.invalid`) with the offset of the first bad byte.
    public func decode(_ code: [UInt8]) throws(BytecodeError) -> [Instruction] {
        var instructions: [Instruction] = []
        var position = 0
        while position < code.count {
            let instruction = try decodeOne(code, at: position)
            instructions.append(instruction)
            position = instruction.next
        }
        try checkJumps(instructions, codeSize: code.count)
        return instructions
    }

    private func decodeOne(_ code: [UInt8], at start: Int) throws(BytecodeError) -> Instruction {
        var position = start
        var argument = 0
        let extendedArg = table.opcodeNumbers["EXTENDED_ARG"]
        while true {
            let (opcode, raw, size) = try readUnit(code, at: position)
            guard let name = table.names[Int(opcode)], opcode != 0 || !table.hasCaches else {
                throw .invalid("opcode \(opcode) does not exist in Python \(table.version)", at: position)
            }
            argument = argument << (table.wordcode ? 8 : 16) | raw
            guard argument <= Int(Int32.max) else {
                throw .invalid("argument too large", at: position)
            }
            if opcode == extendedArg {
                position += size
                continue
            }
            let caches = Int(table.cacheEntries[Int(opcode)])
            let next = position + size + 2 * caches
            guard next <= code.count else {
                throw .invalid("\(name) runs past the end of the code", at: position)
            }
            for cache in stride(from: position + size, to: next, by: 1) where code[cache] != 0 {
                throw .invalid("inline cache of \(name) is not empty", at: cache)
            }
            var instruction = Instruction(
                offset: start, opcodeOffset: position, opcode: opcode, name: name, argument: argument, next: next,
                jumpTarget: nil)
            instruction.jumpTarget = jumpTarget(of: instruction)
            return instruction
        }
    }

    /// One opcode and its own argument bytes: two bytes in wordcode, else 1 or 3.
    private func readUnit(_ code: [UInt8], at position: Int) throws(BytecodeError) -> (UInt8, Int, Int) {
        guard position < code.count else {
            throw .invalid("EXTENDED_ARG at the end of the code", at: position)
        }
        let opcode = code[position]
        if table.wordcode {
            guard position + 1 < code.count else { throw .invalid("odd-sized wordcode", at: position) }
            return (opcode, Int(code[position + 1]), 2)
        }
        guard opcode >= table.haveArgument else { return (opcode, 0, 1) }
        guard position + 2 < code.count else {
            throw .invalid("instruction runs past the end of the code", at: position)
        }
        return (opcode, Int(code[position + 1]) | Int(code[position + 2]) << 8, 3)
    }

    /// The jump target, in bytes; 3.10+ count jump arguments in code units, 3.11+ jump backwards
    /// by name.
    private func jumpTarget(of instruction: Instruction) -> Int? {
        let units = table.version >= PythonVersion(3, 10) ? 2 : 1
        if table.jumpAbsolute.contains(instruction.opcode) {
            return instruction.argument * units
        }
        guard table.jumpRelative.contains(instruction.opcode) else { return nil }
        if instruction.name.contains("BACKWARD") {
            return instruction.next - instruction.argument * units
        }
        return instruction.next + instruction.argument * units
    }

    private func checkJumps(_ instructions: [Instruction], codeSize: Int) throws(BytecodeError) {
        let starts = Set(instructions.map(\.offset))
        for instruction in instructions {
            guard let target = instruction.jumpTarget else { continue }
            guard starts.contains(target) else {
                throw .invalid(
                    "\(instruction.name) jumps to \(target), which is not an instruction", at: instruction.offset)
            }
        }
    }
}

extension OpcodeTable {
    /// 3.11+: instructions carry inline `CACHE` code units, so opcode 0 never starts an instruction.
    var hasCaches: Bool { version >= PythonVersion(3, 11) }
}
