/// Python source that cannot be parsed, and where.
public struct PythonSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// One-based line and column (in characters) of the problem.
    public var line: Int
    public var column: Int

    public init(_ message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
