/// Builders for boolean logic and conditionals that produce one canonical form.
///
/// CPython compiles several spellings to the same bytecode (`a < b and b < c` and `a < b < c`,
/// `(x if c else y) + 1` and `x + 1 if c else y + 1`, `not a or not b` and `not (a and b)`), so a
/// decompiler can only recover one of them. These builders pick that one; ``canonicalized()``
/// brings parsed source to the same form, so decompiled and written functions compare equal.
extension Expression {
    /// `left and right`, flattened, with adjacent comparisons sharing an operand chained
    /// (`a < b and b < c` is `a < b < c`).
    public static func and(_ left: Expression, _ right: Expression) -> Expression {
        var operands = left.operands(of: .and)
        for operand in right.operands(of: .and) {
            if case .compare(let first, let links)? = operands.last, case .compare(let middle, let more) = operand,
                links.last?.right == middle
            {
                operands[operands.count - 1] = .compare(first, links + more)
            } else {
                operands.append(operand)
            }
        }
        return .boolean(.and, operands)
    }

    /// `left or right`, flattened.
    public static func or(_ left: Expression, _ right: Expression) -> Expression {
        .boolean(.or, left.operands(of: .or) + right.operands(of: .or))
    }

    private func operands(of op: BooleanOperator) -> [Expression] {
        if case .boolean(op, let operands) = self { return operands }
        return [self]
    }

    /// `not self`, in the spelling with the fewest `not`s: `not not a` is `a`, `not (a or not b)`
    /// is `not a and b`, `not (a and b)` stays.
    public var negated: Expression {
        if case .unary(.not, let operand) = self { return operand }
        if case .compare(let left, let links) = self, links.count == 1, let flipped = links[0].op.negation {
            return .compare(left, [Comparison(flipped, links[0].right)])
        }
        let plain = Expression.unary(.not, self)
        guard case .boolean(let op, let operands) = self else { return plain }
        let pushed = operands.map(\.negated).dropFirst().reduce(operands[0].negated) { result, next in
            op == .and ? .or(result, next) : .and(result, next)
        }
        return pushed.notCount < plain.notCount ? pushed : plain
    }

    private var notCount: Int {
        let own = if case .unary(.not, _) = self { 1 } else { 0 }
        return children.reduce(own) { $0 + $1.notCount }
    }

    /// The expression that evaluates to `whenTruthy` when `test` is truthy and to `whenFalsy`
    /// otherwise, written as Python would most plainly say it.
    ///
    /// - `t and x` when the falsy value is `t` itself (what `and` leaves behind), `t or y` when the
    ///   truthy value is `t`;
    /// - a shared context is factored out: `f(a) if c else f(b)` is `f(a if c else b)`;
    /// - else `whenTruthy if test else whenFalsy`, or `whenFalsy if not test else whenTruthy` when
    ///   `truthyFirst` is false (the falsy branch's code came first, as the source had it).
    public static func choosing(
        _ test: Expression, whenTruthy: Expression, whenFalsy: Expression, truthyFirst: Bool = true
    ) -> Expression {
        if whenTruthy == whenFalsy { return whenTruthy }
        if whenFalsy == test || whenFalsy == test.valueWhenFalsy { return .and(test, whenTruthy) }
        if whenTruthy == test || whenTruthy == test.valueWhenTruthy { return .or(test, whenFalsy) }
        let left = whenTruthy.children
        let right = whenFalsy.children
        if left.count == right.count, !left.isEmpty, whenTruthy.withChildren(right) == whenFalsy {
            let differing = left.indices.filter { left[$0] != right[$0] }
            // A differing callee stays two calls: the rewrite reads `f(x)`, not `(f if c else g)(x)`.
            let callee: Bool = if case .call = whenTruthy { differing == [0] } else { false }
            if differing.count == 1, !callee, left[differing[0]].isValue, right[differing[0]].isValue {
                var merged = left
                let index = differing[0]
                merged[index] = choosing(
                    test, whenTruthy: left[index], whenFalsy: right[index], truthyFirst: truthyFirst)
                return whenTruthy.withChildren(merged)
            }
        }
        if truthyFirst { return .conditional(test: test, body: whenTruthy, orElse: whenFalsy) }
        return .conditional(test: test.negated, body: whenFalsy, orElse: whenTruthy)
    }

    /// Whether a conditional may hold this: not a slice or a `*starred` item, which only exist
    /// inside subscripts and displays.
    private var isValue: Bool {
        switch self {
        case .slice, .starred: return false
        case .tuple(let items): return items.allSatisfy(\.isValue)
        default: return true
        }
    }

    /// What `self` evaluates to when truthy, beyond itself: `a and b` leaves `b`'s.
    private var valueWhenTruthy: Expression? {
        guard case .boolean(.and, let operands) = self, let last = operands.last else { return nil }
        return last.valueWhenTruthy ?? last
    }

    /// What `self` evaluates to when falsy, beyond itself: `a or b` leaves `b`'s.
    private var valueWhenFalsy: Expression? {
        guard case .boolean(.or, let operands) = self, let last = operands.last else { return nil }
        return last.valueWhenFalsy ?? last
    }
}

extension ComparisonOperator {
    /// The operator that is always the opposite (`is` and `is not`, `in` and `not in`); the
    /// ordering operators have none, as NaN compares false both ways.
    var negation: ComparisonOperator? {
        switch self {
        case .is: return .isNot
        case .isNot: return .is
        case .in: return .notIn
        case .notIn: return .in
        default: return nil
        }
    }
}
