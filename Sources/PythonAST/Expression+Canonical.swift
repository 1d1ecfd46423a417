extension Expression {
    /// The tree in the one form a decompiler can recover (see ``and(_:_:)``, ``negated`` and
    /// ``choosing(_:whenTruthy:whenFalsy:truthyFirst:)``): boolean operators flattened and
    /// comparisons chained, negations with the fewest `not`s, conditionals with their shared
    /// context factored out, and `x in [a, b]` as `x in (a, b)` (which CPython compiles it to).
    public func canonicalized() -> Expression {
        transformedBottomUp { node in
            switch node {
            case .boolean(let op, let operands) where !operands.isEmpty:
                return operands.dropFirst().reduce(operands[0]) { op == .and ? .and($0, $1) : .or($0, $1) }
            case .unary(.not, let operand):
                return operand.negated
            case .conditional(let test, let body, let orElse):
                return .choosing(test, whenTruthy: body, whenFalsy: orElse)
            case .compare(let left, let comparisons):
                return .compare(left, comparisons.map(\.withTupleForMembership))
            case .slice(let lower, let upper, let step):
                return .slice(lower: lower?.unlessNone, upper: upper?.unlessNone, step: step?.unlessNone)
            default:
                return node
            }
        }
    }
}

extension Comparison {
    /// `in [a, b]` is `in (a, b)`; `in {a, b}` has no order, so its items are sorted.
    fileprivate var withTupleForMembership: Comparison {
        guard op == .in || op == .notIn else { return self }
        switch right {
        case .list(let items): return Comparison(op, .tuple(items))
        case .set(let items): return Comparison(op, .set(items.sorted { $0.source < $1.source }))
        default: return self
        }
    }
}

extension Expression {
    /// A slice bound of `None` is the same as none.
    fileprivate var unlessNone: Expression? {
        self == .constant(.none) ? nil : self
    }
}
