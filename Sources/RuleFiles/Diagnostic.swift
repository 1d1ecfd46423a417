/// One finding about a rule file: `file:line:col: severity: [check-id] message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error
        case warning
        case note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// The check that found it (`schema`, `pattern-syntax`, `unbound-metavariable`...).
    public var check: LintCheck
    public var message: String
    /// The source line, for the caret display.
    public var sourceLine: String?

    public init(
        file: String, line: Int, column: Int, severity: Severity, check: LintCheck, message: String,
        sourceLine: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.check = check
        self.message = message
        self.sourceLine = sourceLine
    }

    /// A finding of `check` at `line`:`column` of `file`, whose text is `lines`: the one way every
    /// reader, compiler and linter step reports, with the check's own severity unless `severity`
    /// says otherwise.
    init(
        _ check: LintCheck, _ message: String, file: String, line: Int, column: Int, lines: [Substring],
        severity: Severity? = nil
    ) {
        self.init(
            file: file, line: line, column: column, severity: severity ?? check.severity, check: check,
            message: message, sourceLine: lines.indices.contains(line - 1) ? String(lines[line - 1]) : nil)
    }

    /// The id of ``check``.
    public var checkID: String { check.id }

    /// `file:line:col: severity: [check-id] message`.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): [\(checkID)] \(message)"
    }

    /// The description, then the source line and a caret under the column.
    public var rendered: String {
        guard let sourceLine else { return description }
        let prefix = sourceLine.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return description + "\n" + sourceLine + "\n" + prefix + "^"
    }
}
