/// A YAML text that cannot be read: libyaml's syntax errors and this module's own refusals
/// (undefined aliases, alias bombs, excessive nesting), each with the place it is about.
public struct YAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, as one line (`mapping values are not allowed in this context`).
    public var message: String
    /// Where the problem is.
    public var mark: YAMLMark
    /// The text of the line `mark` points into, without its line break; nil when the mark lies past
    /// the end of the text.
    public var sourceLine: String?

    public init(_ message: String, mark: YAMLMark, sourceLine: String? = nil) {
        self.message = message
        self.mark = mark
        self.sourceLine = sourceLine
    }

    /// `line 3, column 7: <message>`.
    public var description: String {
        "line \(mark.line), column \(mark.column): \(message)"
    }

    /// The error as a compiler prints it: `file:line:column: error: <message>`, then the source line
    /// and a caret under the column.
    ///
    /// Tabs before the column are repeated in the caret line so the caret lines up however the
    /// terminal expands them.
    /// - Parameter file: The name to show for the YAML text, usually its path.
    public func rendered(file: String) -> String {
        let header = "\(file):\(mark.line):\(mark.column): error: \(message)"
        guard let sourceLine else { return header }
        let width = max(mark.column - 1, 0)
        let before = sourceLine.unicodeScalars.prefix(width)
        var indent = String(String.UnicodeScalarView(before.map { $0 == "\t" ? "\t" : " " }))
        indent += String(repeating: " ", count: width - before.count)
        return "\(header)\n\(sourceLine)\n\(indent)^"
    }
}
