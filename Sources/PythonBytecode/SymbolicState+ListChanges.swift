import PythonAST

extension SymbolicState {
    /// Methods that change a list, dict or set in place; a call of one as a statement changes
    /// the receiver, which an expression tree cannot show unless the receiver is a local list
    /// the path holds (``applyInPlaceChange(_:at:)``).
    static let inPlaceMethods: Set<String> = [
        "append", "extend", "insert", "pop", "remove", "sort", "reverse", "clear", "update", "add", "discard",
        "setdefault", "popitem",
    ]

    /// A statement's dropped value. `local.append(item)` and `local.extend([items])` on a list
    /// display held by exactly one local (when inlining: a loop or an `if` that builds a list)
    /// rebind that local to the longer display; any other in-place method call is refused,
    /// since dropping it would give a wrong tree.
    mutating func applyInPlaceChange(_ value: Expression, at offset: Int) throws(BytecodeError) {
        guard case .call(.attribute(let receiver, let method), let arguments) = value,
            Self.inPlaceMethods.contains(method)
        else { return }
        let refusal = BytecodeError.unsupported(
            "\(receiver.source).\(method)(...) as a statement (a change in place; only append and extend of a list"
                + " the function builds are followed)", at: offset)
        guard inlining, method == "append" || method == "extend", case .list(let items) = receiver,
            arguments.count == 1, case .positional(let argument) = arguments[0]
        else { throw refusal }
        let holders = locals.filter { $0.value == receiver }.map(\.key)
        guard holders.count == 1 else { throw refusal }
        if method == "append" {
            locals[holders[0]] = .list(items + [argument])
        } else {
            switch argument {
            case .list(let more), .tuple(let more): locals[holders[0]] = .list(items + more)
            default: throw refusal
            }
        }
    }
}
