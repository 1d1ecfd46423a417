extension Expression {
    /// The expression with `transform` applied to each direct child (operands, arguments,
    /// display items, slice bounds, lambda defaults and body), leaving its own node kind alone.
    ///
    /// `transform` is called once per child in source order, the order of ``children``
    /// (``withChildren(_:)`` relies on it).
    ///
    /// Rewrites that care about scope (a lambda's parameters shadow outer names) handle
    /// `.lambda` themselves before falling back to this.
    func mappingChildren<Failure: Error>(
        _ transform: (Expression) throws(Failure) -> Expression
    ) throws(Failure) -> Expression {
        switch self {
        case .name, .constant, .metavariable: return self
        case .attribute(let base, let name): return .attribute(try transform(base), name)
        case .call(let function, let arguments):
            let mappedFunction = try transform(function)
            var mapped: [Argument] = []
            for argument in arguments { mapped.append(try argument.mappingValue(transform)) }
            return .call(mappedFunction, mapped)
        case .binary(let op, let left, let right): return .binary(op, try transform(left), try transform(right))
        case .unary(let op, let operand): return .unary(op, try transform(operand))
        case .compare(let first, let comparisons):
            let mappedFirst = try transform(first)
            var mapped: [Comparison] = []
            for comparison in comparisons { mapped.append(Comparison(comparison.op, try transform(comparison.right))) }
            return .compare(mappedFirst, mapped)
        case .boolean(let op, let operands): return .boolean(op, try operands.mapTyped(transform))
        case .conditional(let test, let body, let orElse):
            return .conditional(test: try transform(test), body: try transform(body), orElse: try transform(orElse))
        case .tuple(let items): return .tuple(try items.mapTyped(transform))
        case .list(let items): return .list(try items.mapTyped(transform))
        case .set(let items): return .set(try items.mapTyped(transform))
        case .dict(let items):
            var mapped: [DictItem] = []
            for item in items {
                mapped.append(DictItem(key: try item.key.mapTyped(transform), value: try transform(item.value)))
            }
            return .dict(mapped)
        case .subscription(let base, let index): return .subscription(try transform(base), try transform(index))
        case .slice(let lower, let upper, let step):
            return .slice(
                lower: try lower.mapTyped(transform), upper: try upper.mapTyped(transform),
                step: try step.mapTyped(transform))
        case .starred(let value): return .starred(try transform(value))
        case .lambda(let parameters, let body):
            var mapped: [Parameter] = []
            for parameter in parameters {
                var copy = parameter
                copy.defaultValue = try parameter.defaultValue.mapTyped(transform)
                mapped.append(copy)
            }
            return .lambda(parameters: mapped, body: try transform(body))
        }
    }

    /// Names used but not bound inside the expression: a lambda's parameters are bound in its
    /// body (not in its defaults, which are evaluated outside).
    public var freeNames: Set<String> {
        var names: Set<String> = []
        collectFreeNames(into: &names)
        return names
    }

    private func collectFreeNames(into names: inout Set<String>) {
        switch self {
        case .name(let name):
            names.insert(name)
        case .lambda(let parameters, let body):
            for parameter in parameters { parameter.defaultValue?.collectFreeNames(into: &names) }
            names.formUnion(body.freeNames.subtracting(parameters.map(\.name)))
        default:
            // Visiting through the mapper keeps one list of where children live.
            _ = mappingChildren { (child: Expression) -> Expression in
                child.collectFreeNames(into: &names)
                return child
            }
        }
    }
}

extension Argument {
    func mappingValue<Failure: Error>(
        _ transform: (Expression) throws(Failure) -> Expression
    ) throws(Failure) -> Argument {
        switch self {
        case .positional(let value): return .positional(try transform(value))
        case .keyword(let name, let value): return .keyword(name, try transform(value))
        case .starred(let value): return .starred(try transform(value))
        case .doubleStarred(let value): return .doubleStarred(try transform(value))
        }
    }
}

extension Array {
    /// `map` with a typed error (the standard one rethrows `any Error` under typed throws).
    func mapTyped<Result, Failure: Error>(
        _ transform: (Element) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(count)
        for element in self { results.append(try transform(element)) }
        return results
    }
}

extension Optional {
    func mapTyped<Result, Failure: Error>(
        _ transform: (Wrapped) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let value = self else { return nil }
        return try transform(value)
    }
}
