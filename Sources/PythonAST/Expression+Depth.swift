extension Expression {
    /// Nesting allowed in parsed and decompiled expressions. Real Lambdas stay far below it; the
    /// bound keeps every recursive walk over a tree (printing, folding, rewriting) within the stack.
    public static let maximumDepth = 500

    /// Nodes allowed in one expression. Real Lambdas have a few hundred at most. Substituting a
    /// name used twice doubles a tree (`y = y * y` repeated, or in an unrolled loop), so twenty
    /// such lines make a million nodes that every later walk would visit; the bound turns that
    /// into an error before anything walks the whole tree.
    public static let maximumSize = 10_000

    /// The number of nodes on the longest path from the root, counted without recursion.
    ///
    /// Visits every node: call it only on trees known to be within ``maximumSize``
    /// (``exceedsSize(_:)`` first), since a tree that shares subtrees can be exponentially larger
    /// than the memory it takes.
    public var depth: Int {
        var deepest = 0
        var pending: [(Expression, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            deepest = max(deepest, level)
            for child in node.children { pending.append((child, level + 1)) }
        }
        return deepest
    }

    /// Whether the tree has more than `limit` nodes, counting a shared subtree once per use.
    ///
    /// - Complexity: O(min(size, limit)): the count stops as soon as it passes `limit`.
    public func exceedsSize(_ limit: Int) -> Bool {
        var counted = 0
        var pending: [Expression] = [self]
        while let node = pending.popLast() {
            counted += 1
            if counted > limit { return true }
            pending.append(contentsOf: node.children)
        }
        return false
    }
}
