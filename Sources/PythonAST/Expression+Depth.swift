extension Expression {
    /// Nesting allowed in parsed and decompiled expressions. Real Lambdas stay far below it; the
    /// bound keeps every recursive walk over a tree (printing, folding, rewriting) within the stack.
    public static let maximumDepth = 500

    /// The number of nodes on the longest path from the root, counted without recursion.
    public var depth: Int {
        var deepest = 0
        var pending: [(Expression, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            deepest = max(deepest, level)
            for child in node.children { pending.append((child, level + 1)) }
        }
        return deepest
    }
}
