import PythonAST

/// Turns a code object into the Python function it was compiled from, by symbolic execution of
/// its bytecode under one version's opcode table. Nothing is executed: each instruction pushes
/// and pops expression trees instead of values.
///
/// Covered: lambdas, and `def`s whose body is assignments (tuple unpacking included) then a
/// `return`, possibly under `if` (read back as a conditional expression); every expression form
/// (names, constants, attributes, calls with keywords, `*` and `**`, operators, comparisons,
/// `and`/`or`/`not`, conditional expressions, displays, subscripts and slices). Loops,
/// comprehensions, nested functions, `try`, `with`, `yield` and the like end in a
/// ``BytecodeError`` naming the construct and its offset.
public struct BytecodeDecompiler {
    /// Paths through one function beyond which it is refused (each conditional doubles them).
    public static let maximumPaths = 1024
    /// Instructions beyond which a function is refused: it bounds the trees symbolic execution
    /// builds (real Lambdas have a few hundred at most).
    public static let maximumInstructions = 20_000

    let code: CodeObject
    let table: OpcodeTable
    let instructions: [Instruction]
    let indexOfOffset: [Int: Int]
    var paths = 0
    /// Instructions some path ran: code that no path reaches is a sign of reading the bytecode
    /// as the wrong version (CPython emits none in the functions Delambda decompiles).
    var reached: Set<Int> = []

    init(code: CodeObject, table: OpcodeTable, instructions: [Instruction]) {
        self.code = code
        self.table = table
        self.instructions = instructions
        var index: [Int: Int] = [:]
        for (position, instruction) in instructions.enumerated() { index[instruction.offset] = position }
        indexOfOffset = index
    }

    /// Decompiles `code` as bytecode of `version`.
    /// - Throws: ``BytecodeError``: `.invalid` when the bytecode is not valid for that version,
    ///   `.unsupported` for a construct that is not an expression.
    public static func decompile(
        _ code: CodeObject, version: PythonVersion
    ) throws(BytecodeError) -> FunctionDefinition {
        try decompileReportingReach(code, version: version).function
    }

    /// Decompiles, and tells whether every instruction lies on some path.
    static func decompileReportingReach(
        _ code: CodeObject, version: PythonVersion
    ) throws(BytecodeError) -> (function: FunctionDefinition, reachesAll: Bool) {
        guard let table = OpcodeTable.table(for: version) else {
            throw .invalid("no opcode table for Python \(version)", at: 0)
        }
        guard layout(of: version) == code.layout else {
            throw .invalid("a \(code.layout.rawValue) code object cannot be Python \(version)", at: 0)
        }
        let instructions = try InstructionDecoder(table: table).decode(code.code)
        guard instructions.count <= maximumInstructions else {
            throw .unsupported("function of \(instructions.count) instructions (at most \(maximumInstructions))", at: 0)
        }
        if let unsupported = UnsupportedConstruct.find(in: instructions, of: code) { throw unsupported }
        var decompiler = BytecodeDecompiler(code: code, table: table, instructions: instructions)
        // A list grown in place (`columns.append(t)`) is followed only with locals inlined.
        let inlines =
            instructions.contains { Self.inliningOpcodes.contains($0.name) } || code.names.contains("append")
            || code.names.contains("extend")
        var function: FunctionDefinition
        if !inlines, let recovered = decompiler.function(from: try decompiler.explore(SymbolicState())) {
            function = recovered
        } else {
            // Paths that assign different names (`if mode == 'max': y = ...`), unroll a loop or
            // call a nested function: each path's locals are inlined into what it returns, and
            // the paths meet in one conditional.
            var inlined = BytecodeDecompiler(code: code, table: table, instructions: instructions)
            var start = SymbolicState()
            start.inlining = true
            let paths = try inlined.explore(start)
            function = FunctionDefinition(
                name: code.name, parameters: inlined.parameters, body: [.return(paths.expression(at: 0))])
            decompiler.reached = inlined.reached
        }
        for statement in function.body where statement.value.exceedsSize(Expression.maximumSize) {
            throw .unsupported("expression of more than \(Expression.maximumSize) nodes", at: 0)
        }
        for statement in function.body where statement.value.depth > Expression.maximumDepth {
            throw .unsupported("expression nested deeper than \(Expression.maximumDepth) levels", at: 0)
        }
        if let escaped = decompiler.escapedFunction(in: function) { throw escaped }
        if let problem = WellFormedness.problem(in: function) {
            throw .invalid("the bytecode computes no Python expression: \(problem)", at: 0)
        }
        return (function, decompiler.reached.count == instructions.count)
    }

    /// Loops and nested functions: their paths are read with locals inlined.
    static let inliningOpcodes: Set<String> = [
        "FOR_ITER", "MAKE_FUNCTION", "MAKE_CLOSURE", "LOAD_FAST_AND_CLEAR",
    ]

    /// The marshal layout each version writes.
    public static func layout(of version: PythonVersion) -> CodeObject.Layout {
        if version.major < 3 { return .python2 }
        if version < PythonVersion(3, 8) { return .python30 }
        if version < PythonVersion(3, 11) { return .python38 }
        return .python311
    }

    // MARK: - Paths

    /// Runs from `state` to every `return` it can reach.
    mutating func explore(_ start: SymbolicState) throws(BytecodeError) -> DecisionTree {
        var state = start
        while true {
            guard state.index < instructions.count else {
                throw .invalid("the code ends without returning", at: instructions.last?.offset ?? 0)
            }
            let instruction = instructions[state.index]
            reached.insert(state.index)
            state.index += 1
            switch try step(instruction, &state) {
            case .next:
                continue
            case .jump(let target):
                state.index = try index(of: target, from: instruction)
            case .returned(let value):
                paths += 1
                guard paths <= Self.maximumPaths else {
                    throw .unsupported("more than \(Self.maximumPaths) paths", at: instruction.offset)
                }
                return .leaf(PathResult(assignments: state.assignments, returned: value))
            case .branch(let test, let onTruthy, let onFalsy):
                return .node(
                    test: test, offset: instruction.offset,
                    truthy: try follow(onTruthy, from: state, instruction),
                    falsy: try follow(onFalsy, from: state, instruction))
            case .loopOfEveryLength(let loop):
                return try everyLength(of: loop, from: state, instruction)
            }
        }
    }

    /// The paths of a loop of unknown length: `length == 0`, else `length == 1`, ... up to
    /// ``ShapeDependentLoop/maximumLength``, then the refusal of a longer loop.
    private mutating func everyLength(
        of loop: ShapeDependentLoop, count: Int = 0, from state: SymbolicState, _ instruction: Instruction
    ) throws(BytecodeError) -> DecisionTree {
        guard count <= ShapeDependentLoop.maximumLength, state.unrolled + count <= Self.maximumUnrolledIterations
        else {
            paths += 1
            return .leaf(PathResult(assignments: [], returned: loop.tooLong))
        }
        var next = state
        next.unrolled += count
        next.stack.append(.iterator(loop.items(count: count)))
        let truthy = DecisionTree.Branch(tree: try explore(next), start: instruction.next)
        let falsy = DecisionTree.Branch(
            tree: try everyLength(of: loop, count: count + 1, from: state, instruction), start: instruction.next)
        return .node(test: loop.test(count: count), offset: instruction.offset, truthy: truthy, falsy: falsy)
    }

    private mutating func follow(
        _ exit: BranchExit, from state: SymbolicState, _ instruction: Instruction
    ) throws(BytecodeError) -> DecisionTree.Branch {
        var next = state
        if let kept = exit.kept { next.stack.append(.value(kept)) }
        let target = exit.jumps ? (instruction.jumpTarget ?? instruction.next) : instruction.next
        next.index = try index(of: target, from: instruction)
        return DecisionTree.Branch(tree: try explore(next), start: target)
    }

    private func index(of target: Int, from instruction: Instruction) throws(BytecodeError) -> Int {
        guard let index = indexOfOffset[target],
            target > instruction.offset || instructions[index].name == "FOR_ITER"
        else {
            throw .unsupported("while loop", at: instruction.offset)
        }
        return index
    }

    // MARK: - Result

    /// The function: parameters from the code object, then one statement per assignment and the
    /// `return`, each value read back over all paths.
    /// Nil when the paths assign different names.
    private func function(from tree: DecisionTree) -> FunctionDefinition? {
        let leaves = tree.leaves
        let targets = leaves[0].assignments.map(\.targets)
        guard leaves.allSatisfy({ $0.assignments.map(\.targets) == targets }) else { return nil }
        var body: [Statement] = targets.indices.map { position in
            .assign(targets: targets[position], value: tree.expression(at: position))
        }
        body.append(.return(tree.expression(at: targets.count)))
        return FunctionDefinition(name: code.name, parameters: parameters, body: body)
    }

    /// The parameters in source order: positional, `*args`, keyword-only, `**kwargs` (the code
    /// object lists `*args` after the keyword-only ones).
    var parameters: [Parameter] {
        let names = code.parameterNames
        let positional = code.argCount
        let keywordOnly = code.keywordOnlyArgCount
        var result = names.prefix(positional).map { Parameter($0) }
        var next = positional + keywordOnly
        if code.hasVarArgs, next < names.count {
            result.append(Parameter(names[next], kind: .varArgs))
            next += 1
        }
        result += names.dropFirst(positional).prefix(keywordOnly).map { Parameter($0, kind: .keywordOnly) }
        if code.hasVarKeywords, next < names.count {
            result.append(Parameter(names[next], kind: .varKeywords))
        }
        return result
    }
}

/// What one instruction does to the path.
enum StepResult {
    case next
    case jump(to: Int)
    case returned(Expression)
    /// A conditional jump on `test`.
    case branch(test: Expression, onTruthy: BranchExit, onFalsy: BranchExit)
    /// `GET_ITER` of a loop whose length the model decides: a path for each length.
    case loopOfEveryLength(ShapeDependentLoop)
}

/// One side of a conditional jump: whether it jumps, and the value it leaves on the stack
/// (`JUMP_IF_FALSE_OR_POP` keeps the tested value when it jumps).
struct BranchExit {
    var jumps: Bool
    var kept: Expression?
}
