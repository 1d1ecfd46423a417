/// A run of tokens from one logical line, such as one simple statement or one parameter, with
/// the character offset where it ends (so the text between tokens, comments included, can be
/// handed verbatim to ``ExpressionParser``).
struct TokenSpan {
    var tokens: ArraySlice<Token>
    /// Offset just past the span: the next separator token, or the end of the line.
    var end: Int

    init(_ tokens: ArraySlice<Token>, end: Int) {
        self.tokens = tokens
        self.end = end
    }

    /// The tokens of a whole logical line (without the trailing `.end`).
    ///
    /// - Throws: `PythonSyntaxError` for a lexical error, or for `$` (the tokenizer reads rule
    ///   metavariables, which are not Python).
    init(line: LogicalLine, in source: SourceText) throws(PythonSyntaxError) {
        let tokens = try source.tokens(line.range)
        for token in tokens {
            if case .metavariable = token.kind { throw source.error("invalid character '$'", at: token.offset) }
        }
        self.init(tokens.dropLast(), end: line.end)
    }

    var isEmpty: Bool { tokens.isEmpty }
    var first: Token? { tokens.first }
    var start: Int { tokens.first?.offset ?? end }
    var range: Range<Int> { start..<end }

    /// The span after its first `count` tokens.
    func dropping(_ count: Int) -> TokenSpan {
        TokenSpan(tokens.dropFirst(count), end: end)
    }

    /// Indices of the tokens outside any bracket for which `isMatch` holds, in order.
    func topLevelIndices(where isMatch: (Token) -> Bool) -> [Int] {
        var depth = 0
        var indices: [Int] = []
        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth -= 1
            default: if depth == 0, isMatch(token) { indices.append(index) }
            }
        }
        return indices
    }

    /// The pieces between top-level tokens matching `isSeparator`; separators are dropped.
    func split(where isSeparator: (Token) -> Bool) -> [TokenSpan] {
        split(at: topLevelIndices(where: isSeparator))
    }

    /// The pieces between the tokens at `separators` (indices into `tokens`, ascending).
    func split(at separators: [Int]) -> [TokenSpan] {
        var pieces: [TokenSpan] = []
        var pieceStart = tokens.startIndex
        for separator in separators {
            pieces.append(TokenSpan(tokens[pieceStart..<separator], end: tokens[separator].offset))
            pieceStart = separator + 1
        }
        pieces.append(TokenSpan(tokens[pieceStart...], end: end))
        return pieces
    }
}

extension Token {
    var name: String? {
        if case .name(let name) = kind { return name }
        return nil
    }

    func isOp(_ text: String) -> Bool { kind == .op(text) }
}
