/// The shape of one simple statement (the text between `;`s of a logical line), found from its
/// top-level tokens before any expression in it is parsed.
enum SimpleStatement {
    /// `t1 = t2 = value`.
    case assignment(targets: [TokenSpan], value: TokenSpan)
    /// `target op= value`.
    case augmented(target: TokenSpan, op: BinaryOperator, value: TokenSpan)
    /// `target: annotation [= value]`.
    case annotated(target: TokenSpan, value: TokenSpan?)
    /// A statement introduced by a keyword (`return`, `import`, `for`, ...), which is `keyword`.
    case keyword(String, Token, rest: TokenSpan)
    case expression(TokenSpan)

    /// Keywords that begin a statement rather than an expression.
    private static let statementKeywords: Set<String> = [
        "return", "pass", "import", "from", "if", "elif", "else", "for", "while", "with", "try", "except",
        "finally", "def", "class", "global", "nonlocal", "assert", "raise", "del", "yield", "async", "await",
        "break", "continue",
    ]

    /// Operators whose augmented form the tokenizer splits into the operator and `=`.
    private static let splitAugmentedOperators: Set<String> = ["+", "-", "*", "/", "%", "@", "&", "|", "^"]
    private static let fusedAugmentedOperators: [String: BinaryOperator] = [
        "**=": .power, "//=": .floorDivide, ">>=": .rightShift, "<<=": .leftShift,
    ]

    /// Splits a logical line's tokens into its `;`-separated statements, dropping empty ones
    /// (a trailing `;` is allowed).
    static func statements(in line: TokenSpan) -> [TokenSpan] {
        line.split { $0.isOp(";") }.filter { !$0.isEmpty }
    }

    init(_ span: TokenSpan) {
        if let keyword = Self.leadingKeyword(of: span), let first = span.first {
            self = .keyword(keyword, first, rest: span.dropping(1))
            return
        }
        // `=` after a top-level `lambda` belongs to a parameter default, never to an assignment.
        let lambdaIndex = span.topLevelIndices { $0.name == "lambda" }.first ?? span.tokens.endIndex
        let before = TokenSpan(span.tokens[..<lambdaIndex], end: span.end)
        let markers = before.topLevelIndices { $0.isOp("=") || $0.isOp(":") || Self.isAugmentedStart($0) }
            .filter { span.tokens[$0].isOp("=") || span.tokens[$0].isOp(":") || Self.augmented(span, at: $0) != nil }
        guard let first = markers.first else {
            self = .expression(span)
            return
        }
        let token = span.tokens[first]
        if let augmented = Self.augmented(span, at: first) {
            self = augmented
        } else if token.isOp(":") {
            let equals = markers.dropFirst().first { span.tokens[$0].isOp("=") }
            let pieces = span.split(at: [first] + (equals.map { [$0] } ?? []))
            self = .annotated(target: pieces[0], value: equals == nil ? nil : pieces[2])
        } else {
            let pieces = span.split(at: markers.filter { span.tokens[$0].isOp("=") })
            self = .assignment(targets: Array(pieces.dropLast()), value: pieces[pieces.count - 1])
        }
    }

    private static func leadingKeyword(of span: TokenSpan) -> String? {
        guard let first = span.first else { return nil }
        if first.isOp("@") { return "decorator" }
        guard let name = first.name else { return nil }
        if statementKeywords.contains(name) { return name }
        // Soft keywords: `match x:` / `case 1:` end in a top-level colon, `type X = ...` names a
        // type alias; otherwise these are ordinary names.
        let tokens = span.tokens
        if name == "match" || name == "case", tokens.count > 2, tokens.last?.isOp(":") == true,
            span.topLevelIndices(where: { $0.isOp(":") }).last == tokens.index(before: tokens.endIndex)
        {
            return name
        }
        if name == "type", tokens.count > 2, tokens[tokens.startIndex + 1].name != nil {
            return name
        }
        return nil
    }

    /// Whether `token` begins an augmented assignment operator. Split forms need the `=` right
    /// after, with nothing between: `x + = 1` is not an augmented assignment.
    private static func isAugmentedStart(_ token: Token) -> Bool {
        guard case .op(let text) = token.kind else { return false }
        return fusedAugmentedOperators[text] != nil || splitAugmentedOperators.contains(text)
    }

    /// The augmented assignment whose operator starts at `index`, if it is one.
    private static func augmented(_ span: TokenSpan, at index: Int) -> SimpleStatement? {
        let token = span.tokens[index]
        guard case .op(let text) = token.kind else { return nil }
        if let op = fusedAugmentedOperators[text] {
            let pieces = span.split(at: [index])
            return .augmented(target: pieces[0], op: op, value: pieces[1])
        }
        let next = index + 1
        guard splitAugmentedOperators.contains(text), next < span.tokens.endIndex, span.tokens[next].isOp("="),
            span.tokens[next].offset == token.offset + 1, let op = BinaryOperator(rawValue: text)
        else {
            return nil
        }
        let target = TokenSpan(span.tokens[..<index], end: token.offset)
        return .augmented(target: target, op: op, value: span.dropping(next + 1 - span.tokens.startIndex))
    }
}
