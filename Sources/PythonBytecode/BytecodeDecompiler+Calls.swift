import PythonAST

extension BytecodeDecompiler {
    /// Calls, in every calling convention from 2.7 to 3.13.
    func stepCall(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> Bool {
        let offset = instruction.offset
        let argument = instruction.argument
        if !table.wordcode, instruction.name.hasPrefix("CALL_FUNCTION") {
            try legacyCall(instruction, &state)
            return true
        }
        switch instruction.name {
        case "KW_NAMES":
            state.keywordNames = try keywordNames(try constant(argument, at: offset), at: offset)
        case "CALL_FUNCTION":
            let arguments = try state.pop(argument, at: offset).map(Argument.positional)
            state.push(.call(try state.pop(at: offset), arguments))
        case "CALL_FUNCTION_KW":
            let names = try keywordNames(try state.pop(at: offset), at: offset)
            let values = try state.pop(argument, at: offset)
            let arguments = try Self.arguments(values, keywordNames: names, at: offset)
            state.push(.call(try state.pop(at: offset), arguments))
        case "CALL_METHOD", "CALL", "CALL_KW":
            let names =
                instruction.name == "CALL_KW"
                ? try keywordNames(try state.pop(at: offset), at: offset) : state.keywordNames
            state.keywordNames = []
            let values = try state.pop(argument, at: offset)
            let arguments = try Self.arguments(values, keywordNames: names, at: offset)
            state.push(.call(try callable(&state, at: offset), arguments))
        case "CALL_FUNCTION_EX":
            let keywords = argument & 1 == 1 ? try state.pop(at: offset).keywordArguments : []
            let positional = try state.pop(at: offset).positionalArguments
            let function = atLeast311 ? try callable(&state, at: offset) : try state.pop(at: offset)
            state.push(.call(function, positional + keywords))
        default:
            return false
        }
        return true
    }

    /// The callable under a 3.7+ method call's arguments: two entries, one of them the NULL
    /// that `LOAD_METHOD`, `LOAD_GLOBAL`, `LOAD_ATTR` or `PUSH_NULL` put beside it.
    private func callable(_ state: inout SymbolicState, at offset: Int) throws(BytecodeError) -> Expression {
        let upper = try state.popEntry(at: offset)
        let lower = try state.popEntry(at: offset)
        switch (lower, upper) {
        case (.null, .value(let function)), (.value(let function), .null):
            return function
        default:
            throw .invalid("call without its NULL/callable pair", at: offset)
        }
    }

    /// 2.7 and 3.5: the argument counts positional (low byte) and keyword (high byte) arguments,
    /// keywords being name/value pairs; `*args` and `**kwargs` sit on top for the VAR/KW forms.
    private func legacyCall(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) {
        let offset = instruction.offset
        let name = instruction.name
        let doubleStarred = name.hasSuffix("KW") ? try state.pop(at: offset) : nil
        let starred = name.contains("VAR") ? try state.pop(at: offset) : nil
        let keywordCount = (instruction.argument >> 8) & 0xFF
        let pairs = try state.pop(2 * keywordCount, at: offset)
        let positional = try state.pop(instruction.argument & 0xFF, at: offset)
        var arguments = positional.map(Argument.positional)
        if let starred { arguments.append(.starred(starred)) }
        for index in stride(from: 0, to: pairs.count, by: 2) {
            guard case .constant(.string(let keyword)) = pairs[index] else {
                throw .invalid("keyword argument without a name", at: offset)
            }
            arguments.append(.keyword(keyword, pairs[index + 1]))
        }
        if let doubleStarred { arguments += doubleStarred.keywordArguments }
        state.push(.call(try state.pop(at: offset), arguments))
    }

    /// The last `keywordNames.count` values are keyword arguments.
    private static func arguments(
        _ values: [Expression], keywordNames: [String], at offset: Int
    ) throws(BytecodeError) -> [Argument] {
        guard keywordNames.count <= values.count else {
            throw .invalid("more keyword names than arguments", at: offset)
        }
        let positionalCount = values.count - keywordNames.count
        return values.prefix(positionalCount).map(Argument.positional)
            + zip(keywordNames, values.dropFirst(positionalCount)).map { Argument.keyword($0, $1) }
    }

    private func keywordNames(_ names: Expression, at offset: Int) throws(BytecodeError) -> [String] {
        guard case .tuple(let items) = names else { throw .invalid("keyword names are not a tuple", at: offset) }
        var result: [String] = []
        for item in items {
            guard case .constant(.string(let name)) = item else {
                throw .invalid("a keyword name is not a string", at: offset)
            }
            result.append(name)
        }
        return result
    }
}

extension Expression {
    /// The positional arguments `CALL_FUNCTION_EX` spreads: the items of a tuple display
    /// (`*x` items stay starred), or `*self`.
    fileprivate var positionalArguments: [Argument] {
        spliced.map { item in
            if case .starred(let value) = item { return .starred(value) }
            return .positional(item)
        }
    }

    /// The keyword arguments a `**` mapping gives: named items of a dict display, else `**self`.
    fileprivate var keywordArguments: [Argument] {
        dictItems.map { item in
            if case .constant(.string(let name))? = item.key { return .keyword(name, item.value) }
            return .doubleStarred(item.value)
        }
    }
}
