extension Expression {
    /// The direct subexpressions, in source order (a call's function, then its argument values; a
    /// slice's present bounds; a lambda's defaults, then its body).
    public var children: [Expression] {
        switch self {
        case .name, .constant, .metavariable:
            return []
        case .attribute(let base, _):
            return [base]
        case .call(let function, let arguments):
            return [function] + arguments.map(\.value)
        case .binary(_, let left, let right):
            return [left, right]
        case .unary(_, let operand), .starred(let operand):
            return [operand]
        case .compare(let left, let comparisons):
            return [left] + comparisons.map(\.right)
        case .boolean(_, let operands), .tuple(let operands), .list(let operands), .set(let operands):
            return operands
        case .conditional(let test, let body, let orElse):
            return [test, body, orElse]
        case .dict(let items):
            return items.flatMap { item in (item.key.map { [$0] } ?? []) + [item.value] }
        case .subscription(let base, let index):
            return [base, index]
        case .slice(let lower, let upper, let step):
            return [lower, upper, step].compactMap { $0 }
        case .lambda(let parameters, let body):
            return parameters.compactMap(\.defaultValue) + [body]
        }
    }

    /// The same node with its ``children`` replaced, in order; `new` must have as many elements.
    public func withChildren(_ new: [Expression]) -> Expression {
        precondition(new.count == children.count, "withChildren needs \(children.count) children")
        var remaining = new[...]
        // mappingChildren visits children in the order of `children`.
        return mappingChildren { (_: Expression) -> Expression in remaining.popFirst() ?? .constant(.none) }
    }

    /// Rebuilds the tree bottom-up, applying `transform` to every node after its children.
    public func transformedBottomUp(_ transform: (Expression) -> Expression) -> Expression {
        transform(mappingChildren { (child: Expression) -> Expression in child.transformedBottomUp(transform) })
    }
}

extension Argument {
    /// The argument's expression, whatever its kind.
    public var value: Expression {
        switch self {
        case .positional(let value), .keyword(_, let value), .starred(let value), .doubleStarred(let value):
            return value
        }
    }
}
