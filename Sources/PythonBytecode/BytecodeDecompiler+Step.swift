import PythonAST

extension BytecodeDecompiler {
    var isPython2: Bool { table.version.major == 2 }
    var atLeast311: Bool { table.version >= PythonVersion(3, 11) }
    var atLeast312: Bool { table.version >= PythonVersion(3, 12) }
    var atLeast313: Bool { table.version >= PythonVersion(3, 13) }

    /// Runs one instruction symbolically.
    func step(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> StepResult {
        let name = instruction.name
        let offset = instruction.offset
        let argument = instruction.argument
        if let op = OperatorTables.binary[name] {
            let operands = try state.pop(2, at: offset)
            state.push(.binary(op, operands[0], operands[1]))
            return .next
        }
        if let op = OperatorTables.unary[name] {
            state.push(.unary(op, try state.pop(at: offset)))
            return .next
        }
        switch name {
        case "NOP", "RESUME", "PRECALL", "MAKE_CELL", "COPY_FREE_VARS", "TO_BOOL", "EXTENDED_ARG":
            return .next
        case "RETURN_VALUE":
            return .returned(try state.pop(at: offset))
        case "RETURN_CONST":
            return .returned(try constant(argument, at: offset))
        case "RAISE_VARARGS":
            // `raise E` ends the path with a call the rewrite never supports: it disappears
            // when the binder decides the branch away, and names the raise when it does not.
            let raised = try state.pop(min(argument, 1), at: offset)
            return .returned(.call(.name(Self.raiseMarker), raised.map { .positional($0) }))
        case "BINARY_OP":
            guard argument < table.binaryOperators.count,
                let op = OperatorTables.binaryOperator(table.binaryOperators[argument])
            else { throw .invalid("BINARY_OP \(argument) is no operator", at: offset) }
            let operands = try state.pop(2, at: offset)
            state.push(.binary(op, operands[0], operands[1]))
        case "UNARY_NOT":
            state.push(try state.pop(at: offset).negated)
        case "COMPARE_OP", "IS_OP", "CONTAINS_OP":
            let operands = try state.pop(2, at: offset)
            let op = try comparisonOperator(instruction)
            state.push(.compare(operands[0], [Comparison(op, operands[1])]))
        case "CALL_INTRINSIC_1":
            let value = try state.pop(at: offset)
            switch argument {
            case OperatorTables.intrinsicUnaryPositive: state.push(.unary(.plus, value))
            case OperatorTables.intrinsicListToTuple: state.push(value.asTuple)
            default: throw .unsupported("intrinsic \(argument)", at: offset)
            }
        default:
            if let result = try stepStack(instruction, &state) { return result }
            if let result = try stepLoop(instruction, &state) { return result }
            if try stepName(instruction, &state) { return .next }
            if try stepDisplay(instruction, &state) { return .next }
            if try stepMakeFunction(instruction, &state) { return .next }
            if try stepNestedCall(instruction, &state) { return .next }
            if try stepCall(instruction, &state) { return .next }
            throw .unsupported("opcode \(name)", at: offset)
        }
        return .next
    }

    /// Stack shuffles and jumps.
    private func stepStack(
        _ instruction: Instruction, _ state: inout SymbolicState
    ) throws(BytecodeError) -> StepResult? {
        let offset = instruction.offset
        let argument = instruction.argument
        switch instruction.name {
        case "POP_TOP":
            // A call whose result is dropped is a statement: `columns.append(t)` grows a local
            // list; any other in-place change would be lost, so it is refused.
            if case .value(let value) = try state.popEntry(at: offset) {
                try state.applyInPlaceChange(value, at: offset)
            }
        case "PUSH_NULL":
            state.stack.append(.null)
        case "DUP_TOP":
            state.stack.append(try state.peek(1, at: offset))
        case "DUP_TOP_TWO":
            let second = try state.peek(2, at: offset)
            let first = try state.peek(1, at: offset)
            state.stack += [second, first]
        case "DUP_TOPX":
            for _ in 0..<argument { state.stack.append(try state.peek(argument, at: offset)) }
        case "COPY":
            state.stack.append(try state.peek(argument, at: offset))
        case "ROT_TWO", "ROT_THREE", "ROT_FOUR", "ROT_N":
            let depth = ["ROT_TWO": 2, "ROT_THREE": 3, "ROT_FOUR": 4][instruction.name] ?? argument
            _ = try state.peek(depth, at: offset)
            let top = state.stack.removeLast()
            state.stack.insert(top, at: state.stack.count - depth + 1)
        case "SWAP":
            _ = try state.peek(argument, at: offset)
            state.stack.swapAt(state.stack.count - 1, state.stack.count - argument)
        case "JUMP_FORWARD", "JUMP_ABSOLUTE", "JUMP", "JUMP_NO_INTERRUPT", "JUMP_BACKWARD",
            "JUMP_BACKWARD_NO_INTERRUPT":
            return .jump(to: instruction.jumpTarget ?? instruction.next)
        default:
            return try stepBranch(instruction, &state)
        }
        return .next
    }

    /// Conditional jumps: both sides are explored.
    private func stepBranch(
        _ instruction: Instruction, _ state: inout SymbolicState
    ) throws(BytecodeError) -> StepResult? {
        let name = instruction.name
        guard name.hasPrefix("POP_JUMP_") || name.hasPrefix("JUMP_IF_") else { return nil }
        let value = try state.pop(at: instruction.offset)
        let jump = BranchExit(jumps: true, kept: nil)
        let fallThrough = BranchExit(jumps: false, kept: nil)
        switch name {
        case "POP_JUMP_IF_FALSE", "POP_JUMP_FORWARD_IF_FALSE":
            return .branch(test: value, onTruthy: fallThrough, onFalsy: jump)
        case "POP_JUMP_IF_TRUE", "POP_JUMP_FORWARD_IF_TRUE":
            return .branch(test: value, onTruthy: jump, onFalsy: fallThrough)
        case "JUMP_IF_FALSE_OR_POP":
            return .branch(test: value, onTruthy: fallThrough, onFalsy: BranchExit(jumps: true, kept: value))
        case "JUMP_IF_TRUE_OR_POP":
            return .branch(test: value, onTruthy: BranchExit(jumps: true, kept: value), onFalsy: fallThrough)
        case "POP_JUMP_IF_NONE", "POP_JUMP_FORWARD_IF_NONE":
            return .branch(test: value.isNone, onTruthy: jump, onFalsy: fallThrough)
        case "POP_JUMP_IF_NOT_NONE", "POP_JUMP_FORWARD_IF_NOT_NONE":
            return .branch(test: value.isNone, onTruthy: fallThrough, onFalsy: jump)
        default:
            throw .unsupported("while loop", at: instruction.offset)
        }
    }

    private func comparisonOperator(_ instruction: Instruction) throws(BytecodeError) -> ComparisonOperator {
        let argument = instruction.argument
        switch instruction.name {
        case "IS_OP": return argument == 0 ? .is : .isNot
        case "CONTAINS_OP": return argument == 0 ? .in : .notIn
        default: break
        }
        let index = atLeast313 ? argument >> 5 : atLeast312 ? argument >> 4 : argument
        // 3.12+ keep in the low four bits which outcomes (<, >, ==, unordered) make the
        // comparison true: they must agree with the operator.
        if atLeast312, index < Self.comparisonMasks.count, argument & 15 != Self.comparisonMasks[index] {
            throw .invalid("COMPARE_OP \(argument) has the wrong outcome mask", at: instruction.offset)
        }
        guard index < table.comparisonOperators.count,
            let op = ComparisonOperator(rawValue: table.comparisonOperators[index])
        else {
            if index < table.comparisonOperators.count, table.comparisonOperators[index] == "exception match" {
                throw .unsupported("try statement", at: instruction.offset)
            }
            throw .invalid("COMPARE_OP \(argument) is no comparison", at: instruction.offset)
        }
        return op
    }

    /// The function a path that ends in `raise E` returns: `__raise__(E)`.
    public static let raiseMarker = "__raise__"

    /// `compare_masks` of CPython 3.12+, in `cmp_op` order.
    static let comparisonMasks = [2, 10, 8, 7, 4, 12]

    func constant(_ index: Int, at offset: Int) throws(BytecodeError) -> Expression {
        guard index < code.constants.count else {
            throw .invalid("constant \(index) out of range (\(code.constants.count) constants)", at: offset)
        }
        if case .code = code.constants[index] { return .name("__code_\(index)__") }
        guard let expression = code.constants[index].expression(python2: isPython2) else {
            throw .unsupported("nested def", at: offset)
        }
        return expression
    }
}

extension Expression {
    /// `self is None`.
    fileprivate var isNone: Expression { .compare(self, [Comparison(.is, .constant(.none))]) }

    /// A list display as the tuple `LIST_TO_TUPLE` makes of it.
    var asTuple: Expression {
        if case .list(let items) = self { return .tuple(items) }
        return self
    }
}
