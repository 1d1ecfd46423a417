import PythonAST

extension BytecodeDecompiler {
    /// Calls nested functions may make of each other before the decompiler gives up.
    static let maximumNesting = 8

    /// The name a function made from code constant `index` goes by while the path runs.
    func functionMarker(_ index: Int, nesting: Int) -> String { "__function_\(nesting)_\(index)__" }

    /// `MAKE_FUNCTION` (and `MAKE_CLOSURE`, `SET_FUNCTION_ATTRIBUTE`) in every version's form: the
    /// function is kept as a marker name, its defaults on the path, to be called (and inlined) or,
    /// if it escapes into the result, refused by name.
    func stepMakeFunction(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> Bool {
        let offset = instruction.offset
        let argument = instruction.argument
        switch instruction.name {
        case "MAKE_FUNCTION", "MAKE_CLOSURE":
            if table.wordcode && !atLeast311 { _ = try state.pop(at: offset) }  // the qualified name
            let index = try codeIndex(try state.pop(at: offset), at: offset)
            var defaults: [Expression] = []
            if !table.wordcode {
                if instruction.name == "MAKE_CLOSURE" { _ = try state.pop(at: offset) }
                defaults = try state.pop(argument, at: offset)
            } else if !atLeast313 {
                for flag in [8, 4, 2, 1] where argument & flag != 0 {
                    let value = try state.pop(at: offset)
                    if flag == 1 { defaults = value.spliced }
                }
            }
            state.functionDefaults[index] = defaults
            state.push(.name(functionMarker(index, nesting: state.nesting)))
        case "SET_FUNCTION_ATTRIBUTE":
            let function = try state.pop(at: offset)
            let value = try state.pop(at: offset)
            if argument == 1, case .name(let marker) = function, let index = markedIndex(marker, state) {
                state.functionDefaults[index] = value.spliced
            }
            state.push(function)
        case "LOAD_CLOSURE":
            // A cell handed to a nested function: it reads the cell's value on the path instead.
            state.push(.constant(.none))
        default:
            return false
        }
        return true
    }

    /// A call of a function the path made: the nested code runs with its parameters bound to the
    /// arguments (an iterator too, for a comprehension before 3.12) and its result is inlined.
    func stepNestedCall(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> Bool {
        let argument = instruction.argument
        let count: Int
        switch instruction.name {
        case "CALL_FUNCTION" where !table.wordcode:
            guard argument >> 8 == 0 else { return false }
            count = argument
        case "CALL_FUNCTION" where !atLeast311:
            count = argument
        case "CALL" where atLeast311 && state.keywordNames.isEmpty:
            count = argument
        default:
            return false
        }
        let depths = atLeast311 ? [count + 1, count + 2] : [count + 1]
        guard count >= 0, state.stack.count >= depths.count + count else { return false }
        var marked: Int?
        var taken = count
        for depth in depths {
            guard case .value(.name(let marker)) = state.stack[state.stack.count - depth],
                let index = markedIndex(marker, state)
            else { continue }
            marked = index
            // 3.11+: a callable under a non-NULL entry is called with that entry first (the
            // iterator a comprehension function gets).
            if depth == count + 2, state.stack[state.stack.count - count - 1] != .null { taken = count + 1 }
        }
        guard let index = marked else { return false }
        let arguments = Array(state.stack.suffix(taken))
        state.stack.removeLast(count + depths.count)
        state.push(try callNested(index, arguments, state, at: instruction.offset))
        return true
    }

    private func callNested(
        _ index: Int, _ arguments: [StackEntry], _ state: SymbolicState, at offset: Int
    ) throws(BytecodeError) -> Expression {
        guard case .code(let inner) = code.constants[index], state.nesting < Self.maximumNesting,
            inner.layout == code.layout
        else { throw .unsupported("nested def", at: offset) }
        let instructions = try InstructionDecoder(table: table).decode(inner.code)
        if let unsupported = UnsupportedConstruct.find(in: instructions, of: inner) { throw unsupported }
        var start = SymbolicState()
        start.inlining = true
        start.locals = state.locals
        start.nesting = state.nesting + 1
        let parameters = Array(inner.parameterNames.prefix(inner.argCount))
        let defaults = state.functionDefaults[index] ?? []
        for (position, name) in parameters.enumerated() {
            if position < arguments.count {
                switch arguments[position] {
                case .value(let value): start.locals[name] = value
                case .iterator(let items): start.iterators[name] = items
                default: throw .invalid("an argument that is no value", at: offset)
                }
            } else if position - (parameters.count - defaults.count) >= 0 {
                start.locals[name] = defaults[position - (parameters.count - defaults.count)]
            } else {
                throw .unsupported("call of \(inner.name) without its argument \(name)", at: offset)
            }
        }
        guard arguments.count <= parameters.count else {
            throw .unsupported("call of \(inner.name) with \(arguments.count) arguments", at: offset)
        }
        var nested = BytecodeDecompiler(code: inner, table: table, instructions: instructions)
        do {
            return try nested.explore(start).expression(at: 0)
        } catch {
            // Offsets name bytes of the function the user wrote: the call, not the nested code.
            throw BytecodeError(error.kind, offset: offset, error.message)
        }
    }

    private func markedIndex(_ marker: String, _ state: SymbolicState) -> Int? {
        let prefix = "__function_\(state.nesting)_"
        guard marker.hasPrefix(prefix), marker.hasSuffix("__") else { return nil }
        return Int(marker.dropFirst(prefix.count).dropLast(2))
    }

    private func codeIndex(_ value: Expression, at offset: Int) throws(BytecodeError) -> Int {
        guard case .name(let name) = value, name.hasPrefix("__code_"), name.hasSuffix("__"),
            let index = Int(name.dropFirst("__code_".count).dropLast(2))
        else { throw .invalid("MAKE_FUNCTION without a code object", at: offset) }
        return index
    }

    /// A function the result still holds (not called, such as `tf.map_fn(lambda t: ..., x)`),
    /// refused under the construct's name at the offset that loads its code.
    func escapedFunction(in function: FunctionDefinition) -> BytecodeError? {
        let names = function.body.reduce(into: Set<String>()) { $0.formUnion($1.value.freeNames) }
        for name in names.sorted() where name.hasPrefix("__function_") || name.hasPrefix("__code_") {
            let index = Int(name.split(separator: "_").last { !$0.isEmpty } ?? "") ?? -1
            guard code.constants.indices.contains(index), case .code(let inner) = code.constants[index] else {
                return .unsupported("nested def", at: 0)
            }
            let load = instructions.first { $0.name == "LOAD_CONST" && $0.argument == index }
            let construct =
                switch inner.name {
                case "<lambda>": "nested lambda"
                case "<listcomp>": "list comprehension"
                default: "nested def"
                }
            return .unsupported(construct, at: load?.offset ?? 0)
        }
        return nil
    }
}
