/// A scalar as written: its text, how it was quoted, where it starts and its explicit tag.
public struct YAMLScalar: Hashable, Sendable {
    /// How a scalar was written; only plain scalars are typed by the core schema.
    public enum Style: String, Hashable, Sendable {
        /// `value`
        case plain
        /// `'value'`
        case singleQuoted
        /// `"value"`
        case doubleQuoted
        /// `|` block
        case literal
        /// `>` block
        case folded
    }

    /// The scalar's content after unescaping and folding.
    public var text: String
    public var style: Style
    /// Where the scalar starts: its first character or opening quote, or its anchor or tag when it
    /// has one (`&a "x"` starts at the `&`).
    public var mark: YAMLMark
    /// The explicit tag, resolved by libyaml (`!!int` is `tag:yaml.org,2002:int`); nil when untagged.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, mark: YAMLMark, tag: String? = nil) {
        self.text = text
        self.style = style
        self.mark = mark
        self.tag = tag
    }
}
