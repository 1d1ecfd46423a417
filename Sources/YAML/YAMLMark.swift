/// A position in YAML source text: one-based line and column.
///
/// Columns count Unicode scalars, as libyaml does, so a caret placed `column - 1` scalars into the
/// line sits under the character the mark is about.
public struct YAMLMark: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The one-based line.
    public var line: Int
    /// The one-based column, in Unicode scalars.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, the form compilers print.
    public var description: String { "\(line):\(column)" }

    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
