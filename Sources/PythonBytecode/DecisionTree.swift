import PythonAST

/// The outcome of one path through the bytecode: its assignments and the value it returns.
struct PathResult: Hashable {
    var assignments: [Assignment]
    var returned: Expression

    /// The value at `position`: an assignment's value, or (at `assignments.count`) the returned one.
    func value(at position: Int) -> Expression {
        position < assignments.count ? assignments[position].value : returned
    }
}

/// Every path through the bytecode, as the tree of the conditional jumps that separate them.
///
/// Executing both sides of every jump (instead of merging at join points) copes with what
/// CPython 3.10+ does to expressions: it duplicates small exit blocks, so one source expression
/// can end in several returns. The tree is then read back into `and`, `or` and conditional
/// expressions by ``expression(at:)``.
indirect enum DecisionTree: Hashable {
    case leaf(PathResult)
    /// A conditional jump on `test` at byte `offset`; each branch remembers where its code starts,
    /// because CPython lays out a conditional's body before its `else`.
    case node(test: Expression, offset: Int, truthy: Branch, falsy: Branch)

    struct Branch: Hashable {
        var tree: DecisionTree
        var start: Int
    }

    var leaves: [PathResult] {
        switch self {
        case .leaf(let result): return [result]
        case .node(_, _, let truthy, let falsy): return truthy.tree.leaves + falsy.tree.leaves
        }
    }

    /// Whether both trees give the same results under the same tests (code positions aside).
    func sameOutcomes(as other: DecisionTree) -> Bool {
        switch (self, other) {
        case (.leaf(let left), .leaf(let right)):
            return left == right
        case (.node(let test, _, let truthy, let falsy), .node(let otherTest, _, let otherTruthy, let otherFalsy)):
            return test == otherTest && truthy.tree.sameOutcomes(as: otherTruthy.tree)
                && falsy.tree.sameOutcomes(as: otherFalsy.tree)
        default:
            return false
        }
    }

    /// The expression for one value (an assignment's or the returned one) over all paths.
    ///
    /// Jumps that short-circuit into a shared branch come from `and`/`or` in a test: when the
    /// truthy side is itself a test whose falsy side is this node's falsy side, the two tests
    /// were `a and b` (and likewise for `or` and for negated inner tests).
    func expression(at position: Int) -> Expression {
        guard case .node(let test, let offset, let truthy, let falsy) = self else {
            return leaves[0].value(at: position)
        }
        if case .node(let inner, _, let innerTruthy, let innerFalsy) = truthy.tree {
            if innerFalsy.tree.sameOutcomes(as: falsy.tree) {
                return DecisionTree.node(test: .and(test, inner), offset: offset, truthy: innerTruthy, falsy: falsy)
                    .expression(at: position)
            }
            if innerTruthy.tree.sameOutcomes(as: falsy.tree) {
                return DecisionTree.node(
                    test: .and(test, inner.negated), offset: offset, truthy: innerFalsy, falsy: falsy
                ).expression(at: position)
            }
        }
        if case .node(let inner, _, let innerTruthy, let innerFalsy) = falsy.tree {
            if innerTruthy.tree.sameOutcomes(as: truthy.tree) {
                return DecisionTree.node(test: .or(test, inner), offset: offset, truthy: truthy, falsy: innerFalsy)
                    .expression(at: position)
            }
            if innerFalsy.tree.sameOutcomes(as: truthy.tree) {
                return DecisionTree.node(
                    test: .or(test, inner.negated), offset: offset, truthy: truthy, falsy: innerTruthy
                ).expression(at: position)
            }
        }
        return .choosing(
            test, whenTruthy: truthy.tree.expression(at: position), whenFalsy: falsy.tree.expression(at: position),
            truthyFirst: truthy.start <= falsy.start)
    }

    /// The offset of the first conditional jump, for errors about branches.
    var firstOffset: Int? {
        if case .node(_, let offset, _, _) = self { return offset }
        return nil
    }
}
