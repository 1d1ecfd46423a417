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
        let (shown, width) = Self.window(of: sourceLine, column: mark.column)
        let before = shown.unicodeScalars.prefix(width)
        var indent = String(String.UnicodeScalarView(before.map { $0 == "\t" ? "\t" : " " }))
        indent += String(repeating: " ", count: width - before.count)
        return "\(header)\n\(shown)\n\(indent)^"
    }

    /// The most of a source line an error quotes, in Unicode scalars: a hostile one-line file of
    /// 100 MB must not be printed whole.
    public static let quotedWidth = 160

    /// The part of `line` quoted around `column` (with `...` where it is cut) and the caret's offset in it.
    static func window(of line: String, column: Int) -> (text: String, caret: Int) {
        let scalars = Array(line.unicodeScalars)
        let caret = max(column - 1, 0)
        guard scalars.count > quotedWidth else { return (line, caret) }
        let start = max(0, min(caret - quotedWidth / 2, scalars.count - quotedWidth))
        let end = min(scalars.count, start + quotedWidth)
        var text = start > 0 ? "..." : ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text += "..." }
        return (text, caret - start + (start > 0 ? 3 : 0))
    }
}
