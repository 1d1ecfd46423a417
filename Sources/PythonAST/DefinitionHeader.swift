/// The header of a `def`: `def name(parameters) -> annotation:`, plus whatever follows the
/// colon on the same logical line (the body of a one-line def).
///
/// Annotations are skipped, defaults are parsed as expressions, and `/` (positional-only) is
/// accepted and dropped since ``Parameter/Kind`` has no positional-only kind.
struct DefinitionHeader {
    var name: String
    var parameters: [Parameter] = []
    /// The tokens after the header's colon; empty unless the def is written on one line.
    var inlineBody: TokenSpan

    private let source: SourceText

    /// - Throws: `PythonSyntaxError` for a malformed header or default value.
    init(_ line: TokenSpan, source: SourceText) throws(PythonSyntaxError) {
        self.source = source
        let tokens = line.tokens
        let start = tokens.startIndex
        func errorAt(_ index: Int, _ message: String) -> PythonSyntaxError {
            source.error(message, at: index < tokens.endIndex ? tokens[index].offset : line.end)
        }
        guard tokens.first?.name == "def" else { throw errorAt(start, "expected 'def'") }
        guard start + 1 < tokens.endIndex, let name = tokens[start + 1].name, !ExpressionParser.isKeyword(name) else {
            throw errorAt(start + 1, "expected a function name")
        }
        guard start + 2 < tokens.endIndex, tokens[start + 2].isOp("(") else { throw errorAt(start + 2, "expected '('") }
        self.name = name
        guard let close = Self.closingIndex(of: start + 2, in: tokens) else {
            throw errorAt(start + 2, "'(' was never closed")
        }
        let parameterSpan = TokenSpan(tokens[(start + 3)..<close], end: tokens[close].offset)
        let afterClose = TokenSpan(tokens[(close + 1)...], end: line.end)
        if let first = afterClose.first, !first.isOp(":"), !first.isOp("->") {
            throw errorAt(close + 1, "expected ':'")
        }
        guard let colon = afterClose.topLevelIndices(where: { $0.isOp(":") }).first else {
            throw errorAt(tokens.endIndex, "expected ':'")
        }
        inlineBody = TokenSpan(tokens[(colon + 1)...], end: line.end)
        parameters = try parseParameters(parameterSpan)
    }

    /// The index of the bracket closing the one at `open`.
    private static func closingIndex(of open: Int, in tokens: ArraySlice<Token>) -> Int? {
        var depth = 0
        for index in tokens.indices where index > open {
            switch tokens[index].kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"):
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
        }
        return nil
    }

    private func parseParameters(_ span: TokenSpan) throws(PythonSyntaxError) -> [Parameter] {
        var pieces = span.split { $0.isOp(",") }
        if pieces.count > 1, pieces[pieces.count - 1].isEmpty { pieces.removeLast() }
        if pieces.count == 1, pieces[0].isEmpty { return [] }
        var parameters: [Parameter] = []
        var kind = Parameter.Kind.positional
        for piece in pieces {
            guard let first = piece.first else { throw source.error("invalid syntax", at: piece.end) }
            if piece.tokens.count == 1, first.isOp("/") { continue }
            if piece.tokens.count == 1, first.isOp("*") {
                kind = .keywordOnly
                continue
            }
            if first.isOp("*") || first.isOp("**") {
                let name = try parameterName(piece.dropping(1), allowsDefault: false)
                parameters.append(Parameter(name, kind: first.isOp("*") ? .varArgs : .varKeywords))
                kind = .keywordOnly
                continue
            }
            let name = try parameterName(piece, allowsDefault: true)
            let equals = piece.topLevelIndices { $0.isOp("=") }.first
            let defaultValue = try equals.map { index throws(PythonSyntaxError) in
                try source.parseExpression(TokenSpan(piece.tokens[(index + 1)...], end: piece.end).range)
            }
            parameters.append(Parameter(name, kind: kind, defaultValue: defaultValue))
        }
        return parameters
    }

    /// The name at the start of `piece`, checking that only an annotation (and, where allowed,
    /// a default) follows it.
    private func parameterName(_ piece: TokenSpan, allowsDefault: Bool) throws(PythonSyntaxError) -> String {
        guard let token = piece.first, let name = token.name, !ExpressionParser.isKeyword(name) else {
            throw source.error("expected a parameter name", at: piece.start)
        }
        let rest = piece.dropping(1)
        if let next = rest.first, !next.isOp(":"), !(allowsDefault && next.isOp("=")) {
            throw source.error(
                allowsDefault ? "expected ',' or ')'" : "expected ',' or ')' after starred parameter",
                at: next.offset)
        }
        return name
    }
}
