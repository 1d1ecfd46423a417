extension FunctionDefinition {
    /// Valid Python source: `lambda x: ...` for a lambda, else a `def` with its statements
    /// indented by four spaces.
    public var source: String {
        if isLambda, body.count == 1, case .return(let result) = body[0] {
            return Expression.lambda(parameters: parameters, body: result).source
        }
        var printer = ExpressionPrinter()
        printer.writeParameters(parameters)
        let lines = body.map { "    " + $0.source }
        return "def \(name)(\(printer.text)):\n" + lines.joined(separator: "\n")
    }
}

extension Statement {
    /// The statement as one line of Python.
    public var source: String {
        switch self {
        case .assign(let targets, let value):
            return (targets.map(\.targetSource) + [value.source]).joined(separator: " = ")
        case .expression(let value):
            return value.source
        case .return(let value):
            return "return \(value.source)"
        }
    }
}

extension Expression {
    /// An assignment target: a tuple of names needs no parentheses.
    fileprivate var targetSource: String {
        guard case .tuple(let items) = self, items.count > 1 else { return source }
        return items.map(\.source).joined(separator: ", ")
    }
}
