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
        var next = new.makeIterator()
        func take() -> Expression { next.next() ?? .constant(.none) }
        switch self {
        case .name, .constant, .metavariable:
            return self
        case .attribute(_, let name):
            return .attribute(take(), name)
        case .call(_, let arguments):
            let function = take()
            return .call(function, arguments.map { $0.withValue(take()) })
        case .binary(let op, _, _):
            let left = take()
            return .binary(op, left, take())
        case .unary(let op, _):
            return .unary(op, take())
        case .starred:
            return .starred(take())
        case .compare(_, let comparisons):
            let left = take()
            return .compare(left, comparisons.map { Comparison($0.op, take()) })
        case .boolean(let op, _):
            return .boolean(op, new)
        case .tuple:
            return .tuple(new)
        case .list:
            return .list(new)
        case .set:
            return .set(new)
        case .conditional:
            let test = take()
            let body = take()
            return .conditional(test: test, body: body, orElse: take())
        case .dict(let items):
            return .dict(
                items.map { item in
                    let key = item.key.map { _ in take() }
                    return DictItem(key: key, value: take())
                })
        case .subscription:
            let base = take()
            return .subscription(base, take())
        case .slice(let lower, let upper, let step):
            let newLower = lower.map { _ in take() }
            let newUpper = upper.map { _ in take() }
            return .slice(lower: newLower, upper: newUpper, step: step.map { _ in take() })
        case .lambda(let parameters, _):
            let newParameters = parameters.map { parameter in
                var copy = parameter
                copy.defaultValue = parameter.defaultValue.map { _ in take() }
                return copy
            }
            return .lambda(parameters: newParameters, body: take())
        }
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

    func withValue(_ value: Expression) -> Argument {
        switch self {
        case .positional: return .positional(value)
        case .keyword(let name, _): return .keyword(name, value)
        case .starred: return .starred(value)
        case .doubleStarred: return .doubleStarred(value)
        }
    }
}
