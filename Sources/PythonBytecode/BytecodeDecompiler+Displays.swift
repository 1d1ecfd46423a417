import PythonAST

extension BytecodeDecompiler {
    /// Tuple, list, set and dict displays; subscripts and slices.
    func stepDisplay(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> Bool {
        let offset = instruction.offset
        let argument = instruction.argument
        switch instruction.name {
        case "BUILD_TUPLE":
            state.push(.tuple(try state.pop(argument, at: offset)))
        case "BUILD_LIST":
            state.push(.list(try state.pop(argument, at: offset)))
        case "BUILD_SET":
            state.push(.set(try state.pop(argument, at: offset)))
        case "BUILD_TUPLE_UNPACK", "BUILD_TUPLE_UNPACK_WITH_CALL":
            state.push(.tuple(try state.pop(argument, at: offset).flatMap(\.spliced)))
        case "BUILD_LIST_UNPACK":
            state.push(.list(try state.pop(argument, at: offset).flatMap(\.spliced)))
        case "BUILD_SET_UNPACK":
            state.push(.set(try state.pop(argument, at: offset).flatMap(\.spliced)))
        case "LIST_EXTEND", "SET_UPDATE":
            let iterable = try state.pop(at: offset)
            try state.replace(
                argument, with: try extend(try state.peek(argument, at: offset), iterable, offset), at: offset)
        case "LIST_APPEND", "SET_ADD":
            let item = try state.pop(at: offset)
            try state.replace(
                argument, with: try extend(try state.peek(argument, at: offset), .tuple([item]), offset), at: offset)
        case "LIST_TO_TUPLE":
            state.push(try state.pop(at: offset).asTuple)
        case "BUILD_MAP", "BUILD_CONST_KEY_MAP", "STORE_MAP", "DICT_UPDATE", "DICT_MERGE", "BUILD_MAP_UNPACK",
            "BUILD_MAP_UNPACK_WITH_CALL":
            try stepDict(instruction, &state)
        case "BUILD_SLICE":
            let bounds = try state.pop(argument, at: offset).map(\.unlessNone)
            guard bounds.count == 2 || bounds.count == 3 else { throw .invalid("BUILD_SLICE \(argument)", at: offset) }
            state.push(.slice(lower: bounds[0], upper: bounds[1], step: bounds.count == 3 ? bounds[2] : nil))
        case "BINARY_SUBSCR":
            let operands = try state.pop(2, at: offset)
            state.push(.subscription(operands[0], operands[1]))
        case "BINARY_SLICE":
            let operands = try state.pop(3, at: offset)
            state.push(
                .subscription(
                    operands[0], .slice(lower: operands[1].unlessNone, upper: operands[2].unlessNone, step: nil)))
        case "SLICE+0", "SLICE+1", "SLICE+2", "SLICE+3":
            try pythonTwoSlice(instruction, &state)
        default:
            return false
        }
        return true
    }

    private func extend(_ display: StackEntry, _ iterable: Expression, _ offset: Int) throws(BytecodeError)
        -> Expression
    {
        switch display {
        case .value(.list(let items)): return .list(items + iterable.spliced)
        case .value(.set(let items)):
            if case .set(let more) = iterable { return .set(items + more) }
            return .set(items + iterable.spliced)
        default: throw .invalid("extending something other than a list or set", at: offset)
        }
    }

    private func stepDict(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) {
        let offset = instruction.offset
        let argument = instruction.argument
        switch instruction.name {
        case "BUILD_MAP" where isPython2:
            // Python 2 sizes the dict here and fills it with STORE_MAP.
            state.push(.dict([]))
        case "BUILD_MAP":
            let values = try state.pop(2 * argument, at: offset)
            state.push(
                .dict(stride(from: 0, to: values.count, by: 2).map { DictItem(key: values[$0], value: values[$0 + 1]) })
            )
        case "BUILD_CONST_KEY_MAP":
            guard case .tuple(let keys) = try state.pop(at: offset), keys.count == argument else {
                throw .invalid("BUILD_CONST_KEY_MAP without its keys", at: offset)
            }
            let values = try state.pop(argument, at: offset)
            state.push(.dict(zip(keys, values).map { DictItem(key: $0, value: $1) }))
        case "STORE_MAP":
            let key = try state.pop(at: offset)
            let value = try state.pop(at: offset)
            guard case .value(.dict(let items)) = try state.peek(1, at: offset) else {
                throw .invalid("STORE_MAP without a dict", at: offset)
            }
            try state.replace(1, with: .dict(items + [DictItem(key: key, value: value)]), at: offset)
        case "DICT_UPDATE", "DICT_MERGE":
            let mapping = try state.pop(at: offset)
            guard case .value(.dict(let items)) = try state.peek(argument, at: offset) else {
                throw .invalid("\(instruction.name) without a dict", at: offset)
            }
            try state.replace(argument, with: .dict(items + mapping.dictItems), at: offset)
        default:  // BUILD_MAP_UNPACK(_WITH_CALL)
            let mappings = try state.pop(instruction.name.hasSuffix("CALL") ? argument & 0xFF : argument, at: offset)
            state.push(.dict(mappings.flatMap(\.dictItems)))
        }
    }

    /// Python 2's `x[a:b]`: SLICE+1 has a lower bound, +2 an upper one, +3 both.
    private func pythonTwoSlice(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) {
        let form = Int(instruction.opcode) - 30
        let upper = form & 2 != 0 ? try state.pop(at: instruction.offset) : nil
        let lower = form & 1 != 0 ? try state.pop(at: instruction.offset) : nil
        let base = try state.pop(at: instruction.offset)
        state.push(.subscription(base, .slice(lower: lower?.unlessNone, upper: upper?.unlessNone, step: nil)))
    }
}

extension Expression {
    /// The items a display contributes when spread into another (`*x` unless it is a display).
    var spliced: [Expression] {
        switch self {
        case .tuple(let items), .list(let items): return items
        default: return [.starred(self)]
        }
    }

    /// The items a mapping contributes to a dict display (`**m` unless it is a display).
    var dictItems: [DictItem] {
        if case .dict(let items) = self { return items }
        return [DictItem(key: nil, value: self)]
    }

    /// nil for the constant None: a slice bound left out.
    var unlessNone: Expression? {
        self == .constant(.none) ? nil : self
    }
}
