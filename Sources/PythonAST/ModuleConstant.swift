/// A top-level `NAME = expression` assignment of a Python source file.
///
/// Tuple targets are split as inlining splits them (`A, B = 1, 2` gives `A = 1` and `B = 2`).
public struct ModuleConstant: Hashable, Sendable {
    public var name: String
    /// The assigned expression as written (not folded, not evaluated).
    public var value: Expression
    /// One-based line of the assignment statement.
    public var line: Int

    public init(name: String, value: Expression, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}
