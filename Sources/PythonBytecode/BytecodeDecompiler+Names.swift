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
            let name = try local(argument, at: offset)
            if let items = state.iterators[name] {
                state.stack.append(.iterator(items))
            } else {
                state.push(state.load(name))
            }
        case "LOAD_FAST_AND_CLEAR":
            let name = try local(argument, at: offset)
            if let value = state.locals[name] { state.push(value) } else { state.stack.append(.null) }
        case "LOAD_FAST_LOAD_FAST":
            state.push(state.load(try local(argument >> 4, at: offset)))
            state.push(state.load(try local(argument & 15, at: offset)))
        case "STORE_FAST":
            try state.store(try local(argument, at: offset), at: offset)
        case "STORE_FAST_LOAD_FAST":
            try state.store(try local(argument >> 4, at: offset), at: offset)
            state.push(state.load(try local(argument & 15, at: offset)))
        case "STORE_FAST_STORE_FAST":
            try state.store(try local(argument >> 4, at: offset), at: offset)
            try state.store(try local(argument & 15, at: offset), at: offset)
        case "LOAD_DEREF", "LOAD_CLASSDEREF":
            state.push(state.load(try cellOrFree(argument, at: offset)))
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
        case "IMPORT_NAME":
            let operands = try state.pop(2, at: offset)
            state.push(
                try importedModule(try name(argument, at: offset), level: operands[0], names: operands[1], at: offset))
        case "IMPORT_FROM":
            // The module stays on the stack, for the next name imported from it.
            let module: Expression
            switch try state.peek(1, at: offset) {
            case .value(let value), .module(let value): module = value
            case .null, .unpackSlot, .iterator: throw .invalid("IMPORT_FROM without a module", at: offset)
            }
            state.stack[state.stack.count - 1] = .module(module)
            state.push(.attribute(module, try name(argument, at: offset)))
        default:
            return false
        }
        return true
    }

    /// What `IMPORT_NAME` leaves: the module as a dotted name, which later resolves as a global
    /// of that name would (`import tensorflow as tf` makes `tf` the name `tensorflow`). Without
    /// a list of names to import, `import a.b` binds the top package `a`; with one, `from a.b
    /// import c` reads `c` from `a.b`.
    private func importedModule(
        _ module: String, level: Expression, names: Expression, at offset: Int
    ) throws(BytecodeError) -> Expression {
        switch level {
        case .constant(.int(0)), .constant(.int(-1)): break
        default: throw .unsupported("relative import", at: offset)
        }
        let parts = module.split(separator: ".").map(String.init)
        guard let first = parts.first, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .invalid("import of the module '\(module)'", at: offset)
        }
        if case .constant(.none) = names { return .name(first) }
        return parts.dropFirst().reduce(Expression.name(first)) { .attribute($0, $1) }
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
        case .module: throw .invalid("unpacking a module", at: instruction.offset)
        case .iterator: throw .invalid("unpacking an iterator", at: instruction.offset)
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
