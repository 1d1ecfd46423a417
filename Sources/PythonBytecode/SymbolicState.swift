import PythonAST

/// One entry of the symbolic value stack.
enum StackEntry: Hashable {
    case value(Expression)
    /// The NULL that 3.11+ pushes beside a callable; `LOAD_METHOD` and the 3.12+ method form of
    /// `LOAD_ATTR` are modelled as pushing one too, beside the bound attribute.
    case null
    /// One target of a pending `a, b = value` (`UNPACK_SEQUENCE` / `UNPACK_EX`).
    case unpackSlot(group: Int, index: Int)
    /// A module names are imported from (`from m import a as b`): `IMPORT_FROM` reads it, a
    /// `POP_TOP` drops it; unlike a value, no store waits beside it for a parallel assignment.
    case module(Expression)
    /// The items a `for` loop has yet to visit (the loop is unrolled).
    case iterator([Expression])
}

/// `targets = value`, as recovered so far.
struct Assignment: Hashable {
    var targets: [Expression]
    var value: Expression
}

/// A tuple assignment whose targets are still being stored.
struct UnpackGroup: Hashable {
    var value: Expression
    var targets: [Expression?]
    var starIndex: Int?
    /// For `(a, b), c = v`: the slot of the enclosing group this group's tuple fills.
    var parent: Slot?

    struct Slot: Hashable {
        var group: Int
        var index: Int
    }
}

/// The machine state along one path through the bytecode.
struct SymbolicState {
    /// Index into the instruction list of the next instruction to run.
    var index = 0
    var stack: [StackEntry] = []
    var assignments: [Assignment] = []
    var unpackGroups: [UnpackGroup] = []
    /// Names from 3.11/3.12 `KW_NAMES`, for the next `CALL`.
    var keywordNames: [String] = []
    /// `a, b = x, y` compiles to loads, a rotation and stores: the stores made while other values
    /// still wait on the stack, collected into one tuple assignment.
    var parallelStores: [(name: String, value: Expression)] = []
    /// Whether stores bind values instead of recording assignments: each load of a local then
    /// reads the value stored on this path, so a path's result needs no statement before it.
    var inlining = false
    /// Python < 3.8's `SETUP_LOOP` blocks: where a `break` goes, and the stack depth it restores.
    var loopBlocks: [LoopBlock] = []
    struct LoopBlock: Hashable {
        var end: Int
        var depth: Int
    }
    /// How deep in nested function calls this path runs (0: the Lambda's own function).
    var nesting = 0
    /// Defaults of the functions the path made, by code constant index.
    var functionDefaults: [Int: [Expression]] = [:]
    /// Parameters bound to an iterator: a comprehension's `.0` before 3.12.
    var iterators: [String: [Expression]] = [:]
    /// Loop iterations this path has unrolled.
    var unrolled = 0
    /// The values locals hold on this path, when inlining.
    var locals: [String: Expression] = [:]

    /// A load of local `name`: its value on this path when inlining and stored, else the name.
    func load(_ name: String) -> Expression {
        inlining ? locals[name] ?? .name(name) : .name(name)
    }

    /// Records `targets = value`, or binds its names when inlining.
    mutating func record(_ assignment: Assignment) {
        guard inlining else {
            assignments.append(assignment)
            return
        }
        for target in assignment.targets { bind(target, to: assignment.value) }
    }

    private mutating func bind(_ target: Expression, to value: Expression) {
        switch target {
        case .name(let name):
            locals[name] = value
        case .tuple(let targets), .list(let targets):
            for (position, inner) in targets.enumerated() {
                if case .tuple(let items) = value, items.count == targets.count {
                    bind(inner, to: items[position])
                } else if case .starred = inner {
                    // `a, *rest = v`: rest stays a name, reported as unbound if it is read.
                    continue
                } else {
                    bind(inner, to: .subscription(value, .constant(.int(position))))
                }
            }
        default:
            break
        }
    }

    mutating func push(_ expression: Expression) {
        stack.append(.value(expression))
    }

    mutating func popEntry(at offset: Int) throws(BytecodeError) -> StackEntry {
        guard let entry = stack.popLast() else { throw .invalid("stack underflow", at: offset) }
        return entry
    }

    mutating func pop(at offset: Int) throws(BytecodeError) -> Expression {
        guard case .value(let expression) = try popEntry(at: offset) else {
            throw .invalid("expected a value on the stack", at: offset)
        }
        return expression
    }

    /// Pops `count` values; the deepest comes first.
    mutating func pop(_ count: Int, at offset: Int) throws(BytecodeError) -> [Expression] {
        guard count >= 0, count <= stack.count else { throw .invalid("stack underflow", at: offset) }
        var values: [Expression] = []
        for _ in 0..<count { values.append(try pop(at: offset)) }
        return values.reversed()
    }

    func peek(_ depth: Int, at offset: Int) throws(BytecodeError) -> StackEntry {
        guard depth >= 1, depth <= stack.count else { throw .invalid("stack underflow", at: offset) }
        return stack[stack.count - depth]
    }

    /// Replaces the value `depth` entries down (1 = top).
    mutating func replace(_ depth: Int, with expression: Expression, at offset: Int) throws(BytecodeError) {
        _ = try peek(depth, at: offset)
        stack[stack.count - depth] = .value(expression)
    }

    /// Stores the top entry into local `name`: an assignment statement, or one target of a
    /// pending tuple assignment.
    mutating func store(_ name: String, at offset: Int) throws(BytecodeError) {
        switch try popEntry(at: offset) {
        case .module(let module):
            record(Assignment(targets: [.name(name)], value: module))
        case .value(let value):
            // Inlined, a store binds at once: the values still waiting were computed already.
            let waiting = !inlining && stack.contains { if case .value = $0 { true } else { false } }
            if waiting || !parallelStores.isEmpty {
                parallelStores.append((name, value))
                guard !waiting else { return }
                let targets = parallelStores.map { Expression.name($0.name) }
                record(Assignment(targets: [.tuple(targets)], value: .tuple(parallelStores.map(\.value))))
                parallelStores = []
            } else {
                record(Assignment(targets: [.name(name)], value: value))
            }
        case .unpackSlot(let group, let slot):
            try fill(UnpackGroup.Slot(group: group, index: slot), with: .name(name), at: offset)
        case .null:
            // 3.12+ comprehensions restore a local that had no value (`LOAD_FAST_AND_CLEAR`).
            guard inlining else { throw .invalid("storing NULL", at: offset) }
            locals[name] = nil
        case .iterator:
            throw .invalid("storing an iterator", at: offset)
        }
    }

    /// Fills one target of a tuple assignment; a completed nested group fills its parent's slot.
    mutating func fill(_ slot: UnpackGroup.Slot, with target: Expression, at offset: Int) throws(BytecodeError) {
        let isStar = unpackGroups[slot.group].starIndex == slot.index
        unpackGroups[slot.group].targets[slot.index] = isStar ? .starred(target) : target
        let pending = unpackGroups[slot.group]
        let targets = pending.targets.compactMap { $0 }
        guard targets.count == pending.targets.count else { return }
        if let parent = pending.parent {
            try fill(parent, with: .tuple(targets), at: offset)
        } else {
            record(Assignment(targets: [.tuple(targets)], value: pending.value))
        }
    }
}
