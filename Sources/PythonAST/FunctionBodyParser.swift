/// Parses one `def` (header and body) from a source file into a ``FunctionDefinition``.
///
/// Only straight-line bodies are supported: assignments, expression statements, `pass`, a
/// leading docstring and a `return`. Statements after the first `return` are dead code and are
/// not looked at.
struct FunctionBodyParser {
    private let source: SourceText
    private let functionName: String
    private var statements: [Statement] = []
    private var returned = false
    private var isFirstStatement = true

    private init(source: SourceText, functionName: String) {
        self.source = source
        self.functionName = functionName
    }

    /// Parses the def whose header is `header` and whose indented block is `block`.
    ///
    /// - Throws: `PythonSyntaxError` at the file position of the first unsupported statement,
    ///   bad indentation, or malformed expression.
    static func parse(
        header: LogicalLine, block: ArraySlice<LogicalLine>, source: SourceText
    ) throws(PythonSyntaxError) -> FunctionDefinition {
        let parsedHeader = try DefinitionHeader(TokenSpan(line: header, in: source), source: source)
        var parser = FunctionBodyParser(source: source, functionName: parsedHeader.name)
        if !parsedHeader.inlineBody.isEmpty {
            if let extra = block.first { throw source.error("unexpected indent", at: extra.start) }
            try parser.read(parsedHeader.inlineBody)
        } else {
            guard let first = block.first else {
                let line = source.location(of: header.start).line
                throw source.error(
                    "expected an indented block after function definition on line \(line)", at: header.end)
            }
            for line in block {
                if parser.returned { break }
                if line.indent != first.indent {
                    let message =
                        line.indent > first.indent
                        ? "unexpected indent" : "unindent does not match any outer indentation level"
                    throw source.error(message, at: line.start)
                }
                try parser.read(TokenSpan(line: line, in: source))
            }
        }
        return FunctionDefinition(name: parsedHeader.name, parameters: parsedHeader.parameters, body: parser.statements)
    }

    /// Reads the `;`-separated statements of one logical line.
    private mutating func read(_ line: TokenSpan) throws(PythonSyntaxError) {
        for span in SimpleStatement.statements(in: line) where !returned {
            try read(statement: SimpleStatement(span))
            isFirstStatement = false
        }
    }

    private mutating func read(statement: SimpleStatement) throws(PythonSyntaxError) {
        switch statement {
        case .keyword("return", _, let rest):
            statements.append(.return(rest.isEmpty ? .constant(.none) : try source.parseExpression(rest.range)))
            returned = true
        case .keyword("pass", _, _):
            break
        case .keyword(let keyword, let token, let rest) where keyword == "import" || keyword == "from":
            // Read as the assignments it makes, as bytecode shows it: `import tensorflow as tf`
            // binds `tf` to the module `tensorflow`.
            for binding in try ImportStatement(keyword: keyword, rest: rest, source: source).bindings {
                let parts = binding.module.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard let first = parts.first, parts.allSatisfy({ !$0.isEmpty }) else {
                    throw source.error("unsupported relative import in def \(functionName)", at: token.offset)
                }
                let module = parts.dropFirst().reduce(Expression.name(first)) { .attribute($0, $1) }
                statements.append(.assign(targets: [.name(binding.alias)], value: module))
            }
        case .keyword(let keyword, let token, _):
            throw source.error("unsupported statement '\(keyword)' in def \(functionName)", at: token.offset)
        case .assignment(let targetSpans, let valueSpan):
            var targets: [Expression] = []
            for span in targetSpans { targets.append(try target(span)) }
            statements.append(.assign(targets: targets, value: try source.parseExpression(valueSpan.range)))
        case .augmented(let targetSpan, let op, let valueSpan):
            let target = try source.parseExpression(targetSpan.range)
            guard case .name = target else { throw unsupportedTarget(target, at: targetSpan) }
            let value = try source.parseExpression(valueSpan.range)
            statements.append(.assign(targets: [target], value: .binary(op, target, value)))
        case .annotated(let targetSpan, let valueSpan):
            let target = try source.parseExpression(targetSpan.range)
            guard case .name = target else { throw unsupportedTarget(target, at: targetSpan) }
            // A bare annotation (`x: int`) declares without binding: nothing to record.
            guard let valueSpan else { return }
            statements.append(.assign(targets: [target], value: try source.parseExpression(valueSpan.range)))
        case .expression(let span):
            let value = try source.parseExpression(span.range)
            if isFirstStatement, case .constant(.string) = value { return }
            statements.append(.expression(value))
        }
    }

    /// Parses an assignment target and checks it is a name or a (nested) tuple or list of
    /// names with at most one starred name per level.
    private func target(_ span: TokenSpan) throws(PythonSyntaxError) -> Expression {
        let target = try source.parseExpression(span.range)
        do {
            _ = try Destructuring.bindings(of: target, to: .name("value"))
        } catch {
            switch error {
            case .multipleStarred:
                throw source.error("multiple starred expressions in assignment in def \(functionName)", at: span.start)
            case .unsupportedTarget(let part):
                throw unsupportedTarget(part, at: span)
            case .countMismatch:
                break
            }
        }
        return target
    }

    private func unsupportedTarget(_ target: Expression, at span: TokenSpan) -> PythonSyntaxError {
        source.error("unsupported assignment target '\(target.source)' in def \(functionName)", at: span.start)
    }
}
