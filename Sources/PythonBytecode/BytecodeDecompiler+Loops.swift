import PythonAST

extension BytecodeDecompiler {
    /// Iterations one path may unroll, over all its `for` loops.
    public static let maximumUnrolledIterations = 256

    /// `for` loops over what the bytecode fixes (`range()` of constants, a tuple or list display),
    /// unrolled: each `FOR_ITER` hands out the next item until none is left.
    func stepLoop(_ instruction: Instruction, _ state: inout SymbolicState) throws(BytecodeError) -> StepResult? {
        let offset = instruction.offset
        switch instruction.name {
        case "SETUP_LOOP":
            guard let end = instruction.jumpTarget else { throw .invalid("SETUP_LOOP without a target", at: offset) }
            state.loopBlocks.append(SymbolicState.LoopBlock(end: end, depth: state.stack.count))
            return .next
        case "POP_BLOCK":
            _ = state.loopBlocks.popLast()
            return .next
        case "BREAK_LOOP":
            // Python < 3.8: `break` unwinds to the end of the loop's block.
            guard let block = state.loopBlocks.popLast(), block.depth <= state.stack.count else {
                throw .invalid("BREAK_LOOP outside a loop", at: offset)
            }
            state.stack.removeLast(state.stack.count - block.depth)
            return .jump(to: block.end)
        case "GET_ITER":
            let iterable = try state.pop(at: offset)
            guard let count = Self.staticCount(of: iterable) else {
                // The length is the model's to decide (`range(K.int_shape(x)[-1])`, `for t in
                // inputs`): every length up to the limit is a path, chosen by a test on it.
                guard let loop = ShapeDependentLoop(iterable, construct: loopConstruct) else {
                    throw .unsupported(
                        "\(loopConstruct) over \(iterable.source) (only range() and sequences of static length"
                            + " unroll)", at: offset)
                }
                // Inside another loop (whose iterator is on the stack), the paths would multiply.
                guard !state.stack.contains(where: { if case .iterator = $0 { true } else { false } }) else {
                    throw .unsupported(
                        "\(loopConstruct) over \(iterable.source) inside another loop (a loop whose length the"
                            + " model decides unrolls only at the top level)", at: offset)
                }
                return .loopOfEveryLength(loop)
            }
            guard state.unrolled + count <= Self.maximumUnrolledIterations, let items = Self.staticItems(of: iterable)
            else {
                throw .unsupported(
                    "for loop of \(state.unrolled + count) iterations (at most"
                        + " \(Self.maximumUnrolledIterations) are unrolled)", at: offset)
            }
            state.unrolled += items.count
            state.stack.append(.iterator(items))
            return .next
        case "FOR_ITER":
            guard case .iterator(let items) = try state.peek(1, at: offset) else {
                throw .unsupported("for loop over a value that is not static", at: offset)
            }
            guard let target = instruction.jumpTarget else { throw .invalid("FOR_ITER without a target", at: offset) }
            if let first = items.first {
                state.stack[state.stack.count - 1] = .iterator(Array(items.dropFirst()))
                state.push(first)
                return .next
            }
            // Exhausted: up to 3.11 the iterator is popped; 3.12+ jump to END_FOR, which pops it
            // with the value a next iteration would have pushed (modelled by a placeholder).
            if atLeast312 { state.stack.append(.null) } else { _ = try state.popEntry(at: offset) }
            return .jump(to: target)
        case "END_FOR":
            for _ in 0..<(atLeast313 ? 1 : 2) { _ = try state.popEntry(at: offset) }
            return .next
        default:
            return nil
        }
    }

    /// What the loop is, for errors: a list comprehension (inlined in 2.7 and 3.12+, a `<listcomp>`
    /// function in between) or a `for` statement.
    var loopConstruct: String {
        let listcomp = code.constants.contains {
            if case .code(let inner) = $0 { inner.name == "<listcomp>" } else { false }
        }
        return listcomp || instructions.contains { $0.name == "LIST_APPEND" } ? "list comprehension" : "for loop"
    }

    /// How many items a `for` loop over `iterable` visits, when the bytecode fixes it.
    static func staticCount(of iterable: Expression) -> Int? {
        if let bounds = rangeBounds(of: iterable) {
            let (start, stop, step) = bounds
            let span = step > 0 ? stop - start : start - stop
            let size = step > 0 ? step : -step
            return span <= 0 ? 0 : (span - 1) / size + 1
        }
        return staticItems(of: iterable)?.count
    }

    /// The items a `for` loop visits, when the bytecode fixes them; nil otherwise.
    static func staticItems(of iterable: Expression) -> [Expression]? {
        switch iterable {
        case .tuple(let items), .list(let items):
            return items.contains { if case .starred = $0 { true } else { false } } ? nil : items
        default:
            guard let (start, stop, step) = rangeBounds(of: iterable) else { return nil }
            return stride(from: start, to: stop, by: step).map { .constant(.int($0)) }
        }
    }

    /// `range(stop)`, `range(start, stop[, step])` of int constants (`xrange` in Python 2).
    static func rangeBounds(of iterable: Expression) -> (Int, Int, Int)? {
        guard case .call(.name(let name), let arguments) = iterable, name == "range" || name == "xrange" else {
            return nil
        }
        var bounds: [Int] = []
        for argument in arguments {
            guard case .positional(.constant(.int(let value))) = argument, abs(value) < 1 << 40 else { return nil }
            bounds.append(value)
        }
        switch bounds.count {
        case 1: return (0, bounds[0], 1)
        case 2: return (bounds[0], bounds[1], 1)
        case 3: return bounds[2] == 0 ? nil : (bounds[0], bounds[1], bounds[2])
        default: return nil
        }
    }
}
