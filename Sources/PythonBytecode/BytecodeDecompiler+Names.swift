import PythonAST

extension BytecodeDecompiler {
    /// Loads and stores of names and attributes.
    func stepName(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> Bool {
        let offset = instruction.offset
        let argument = instruction.argument
        switch instruction.name {
        case "LOAD_CONST":
            state.push(try constant(argument, at: offset))
        case "LOAD_FAST", "LOAD_FAST_CHECK":
            state.push(.name(try local(argument, at: offset)))
        case "LOAD_FAST_LOAD_FAST":
            state.push(.name(try local(argument >> 4, at: offset)))
            state.push(.name(try local(argument & 15, at: offset)))
        case "STORE_FAST":
            try state.store(try local(argument, at: offset), at: offset)
        case "STORE_FAST_LOAD_FAST":
            try state.store(try local(argument >> 4, at: offset), at: offset)
            state.push(.name(try local(argument & 15, at: offset)))
        case "STORE_FAST_STORE_FAST":
            try state.store(try local(argument >> 4, at: offset), at: offset)
            try state.store(try local(argument & 15, at: offset), at: offset)
        case "LOAD_DEREF", "LOAD_CLASSDEREF":
            state.push(.name(try cellOrFree(argument, at: offset)))
        case "STORE_DEREF":
            try state.store(try cellOrFree(argument, at: offset), at: offset)
        case "LOAD_GLOBAL":
            let pushesNull = atLeast311 && argument & 1 == 1
            let global = try globalName(atLeast311 ? argument >> 1 : argument, at: offset)
            if pushesNull && !atLeast313 { state.stack.append(.null) }
            state.push(global)
            if pushesNull && atLeast313 { state.stack.append(.null) }
        case "LOAD_NAME":
            state.push(try globalName(argument, at: offset))
        case "LOAD_ATTR":
            let isMethod = atLeast312 && argument & 1 == 1
            let attribute = try name(atLeast312 ? argument >> 1 : argument, at: offset)
            let base = try state.pop(at: offset)
            if isMethod { state.stack.append(.null) }
            state.push(.attribute(base, attribute))
        case "LOAD_METHOD":
            let base = try state.pop(at: offset)
            state.stack.append(.null)
            state.push(.attribute(base, try name(argument, at: offset)))
        case "UNPACK_SEQUENCE", "UNPACK_EX":
            try unpack(instruction, &state)
        default:
            return false
        }
        return true
    }

    private func unpack(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) {
        let source = try state.popEntry(at: instruction.offset)
        let argument = instruction.argument
        let isStarred = instruction.name == "UNPACK_EX"
        let count = isStarred ? (argument & 0xFF) + 1 + (argument >> 8) : argument
        guard count <= 4096 else { throw .invalid("unpacking \(count) values", at: instruction.offset) }
        var group = UnpackGroup(
            value: .constant(.none), targets: Array(repeating: nil, count: count),
            starIndex: isStarred ? argument & 0xFF : nil)
        switch source {
        case .value(let value): group.value = value
        case .unpackSlot(let parent, let index): group.parent = UnpackGroup.Slot(group: parent, index: index)
        case .null: throw .invalid("unpacking NULL", at: instruction.offset)
        }
        let index = state.unpackGroups.count
        state.unpackGroups.append(group)
        for slot in (0..<count).reversed() { state.stack.append(.unpackSlot(group: index, index: slot)) }
    }

    /// A fast local: `co_varnames` before 3.11, the locals-plus table after.
    private func local(_ index: Int, at offset: Int) throws(BytecodeError) -> String {
        let names = atLeast311 ? code.localsPlusNames : code.variableNames
        guard index < names.count else { throw .invalid("local \(index) out of range", at: offset) }
        return names[index]
    }

    /// A cell or free variable: indexed over cells then frees before 3.11, over locals-plus after.
    private func cellOrFree(_ index: Int, at offset: Int) throws(BytecodeError) -> String {
        let names = atLeast311 ? code.localsPlusNames : code.cellVariables + code.freeVariables
        guard index < names.count else { throw .invalid("cell \(index) out of range", at: offset) }
        return names[index]
    }

    private func name(_ index: Int, at offset: Int) throws(BytecodeError) -> String {
        guard index < code.names.count else { throw .invalid("name \(index) out of range", at: offset) }
        return code.names[index]
    }

    /// A global; Python 2 has no constants `True`/`False`, only globals of those names.
    private func globalName(_ index: Int, at offset: Int) throws(BytecodeError) -> Expression {
        let global = try name(index, at: offset)
        if isPython2, global == "True" || global == "False" { return .constant(.bool(global == "True")) }
        return .name(global)
    }
}
