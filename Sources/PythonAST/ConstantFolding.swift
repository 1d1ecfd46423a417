extension Expression {
    /// The expression with what CPython's compiler folds already folded, bottom-up, so that
    /// parsed source compares equal to a tree decompiled from bytecode.
    ///
    /// Folded: unary `-`, `+`, `~` and `not` on constants; binary arithmetic, shifts and bitwise
    /// operators on int, float and bool constants (and `+`, `-`, `*` with complex ones where the
    /// result does not depend on the Python version); str and bytes concatenation and repetition;
    /// concatenation and repetition of tuples of constants; indexing a constant str, bytes or
    /// tuple with a constant int. Also normalized as CPython does: `not (a is b)` becomes
    /// `a is not b` (likewise `is not`, `in`, `not in`); a list display as the last operand of
    /// `in`/`not in` becomes a tuple; nested `and`s (and nested `or`s) are flattened.
    ///
    /// Left alone: anything that would raise (division by zero, negative shift counts, float
    /// overflow in `**`), int results that do not fit in `Int`, true division of ints beyond
    /// 2**53, and what CPython's size limits refuse (`2 ** 1000`, `'x' * 5000`).
    ///
    /// - Complexity: O(n) in the size of the tree, plus the size of folded strings and tuples.
    public func foldingConstants() -> Expression {
        mappingChildren { (child: Expression) -> Expression in child.foldingConstants() }.foldedNode
    }

    /// This node folded, assuming its children already are.
    private var foldedNode: Expression {
        switch self {
        case .unary(let op, let operand):
            return ConstantFolding.unary(op, operand) ?? self
        case .binary(let op, let left, let right):
            if case .constant(let a) = left, case .constant(let b) = right,
                let folded = PythonArithmetic.binary(op, a, b)
            {
                return .constant(folded)
            }
            return SequenceFolding.binary(op, left, right) ?? self
        case .subscription(let base, let index):
            return SequenceFolding.subscripted(base, index) ?? self
        case .boolean(let op, let operands):
            return .boolean(op, ConstantFolding.flattened(op, operands))
        case .compare(let first, let comparisons):
            return .compare(first, ConstantFolding.withTupleMembership(comparisons))
        default:
            return self
        }
    }
}

/// The node-level folds of ``Expression/foldingConstants()`` that are not arithmetic.
enum ConstantFolding {
    /// Comparisons that `not` inverts without changing meaning; `not a < b` is not `a >= b` for
    /// all types (NaN, sets), so CPython leaves the order comparisons alone.
    private static let inverses: [ComparisonOperator: ComparisonOperator] = [
        .is: .isNot, .isNot: .is, .in: .notIn, .notIn: .in,
    ]

    static func unary(_ op: UnaryOperator, _ operand: Expression) -> Expression? {
        switch operand {
        case .constant(let constant):
            return PythonArithmetic.unary(op, constant).map(Expression.constant)
        case .compare(let left, let comparisons) where op == .not && comparisons.count == 1:
            guard let inverse = inverses[comparisons[0].op] else { return nil }
            return .compare(left, [Comparison(inverse, comparisons[0].right)])
        case .tuple:
            // A tuple of constants is a constant to CPython, so `not ()` folds too.
            guard op == .not, let items = SequenceFolding.constantTupleItems(operand) else { return nil }
            return .constant(.bool(items.isEmpty))
        default:
            return nil
        }
    }

    /// `a and (b and c)` as one `and` of `a, b, c`; `and` is associative in value, and the
    /// bytecode of every grouping is the same.
    static func flattened(_ op: BooleanOperator, _ operands: [Expression]) -> [Expression] {
        operands.flatMap { operand -> [Expression] in
            if case .boolean(op, let nested) = operand { return nested }
            return [operand]
        }
    }

    /// CPython compiles `x in [a, b]` as `x in (a, b)` (the list is never used as a list);
    /// only the last link of a chain is rewritten, as in CPython.
    static func withTupleMembership(_ comparisons: [Comparison]) -> [Comparison] {
        guard let last = comparisons.last, last.op == .in || last.op == .notIn, case .list(let items) = last.right,
            !items.contains(where: { if case .starred = $0 { true } else { false } })
        else { return comparisons }
        return comparisons.dropLast() + [Comparison(last.op, .tuple(items))]
    }
}
