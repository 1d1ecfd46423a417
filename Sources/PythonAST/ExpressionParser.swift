/// Parses Python expression source into an ``Expression``, by recursive descent over Python's
/// expression grammar. `$name` parses as a rule metavariable.
///
/// A minus sign in front of a number literal folds into the constant (`-1` is the constant −1),
/// as CPython's compiler does, so parsed source and decompiled bytecode agree.
public struct ExpressionParser {
    static func isKeyword(_ name: String) -> Bool { keywords.contains(name) }

    private static let keywords: Set<String> = [
        "lambda", "if", "else", "and", "or", "not", "in", "is", "for", "None", "True", "False", "yield", "await",
        "async", "def", "return", "import", "from", "class", "while", "with", "try", "except", "finally", "raise",
        "del", "pass", "break", "continue", "global", "nonlocal", "assert", "elif", "as",
    ]

    let tokens: [Token]
    let tokenizer: Tokenizer
    var index = 0
    /// Recursion depth of the descent, bounded so hostile nesting is an error, not a stack overflow.
    var nesting = 0

    private init(_ source: String) throws(PythonSyntaxError) {
        tokenizer = Tokenizer(source)
        tokens = try Tokenizer.tokenize(source)
    }

    /// Parses `source` as one expression.
    public static func parse(_ source: String) throws(PythonSyntaxError) -> Expression {
        var parser = try ExpressionParser(source)
        let expression = try parser.parseExpressionList()
        guard parser.current.kind == .end else { throw parser.unexpected() }
        guard expression.depth <= Expression.maximumDepth else {
            throw PythonSyntaxError(
                "expression nested deeper than \(Expression.maximumDepth) levels", line: 1, column: 1)
        }
        return expression
    }

    // MARK: - Grammar

    /// `a, b` at the top level is a tuple, as in `return a, b`.
    private mutating func parseExpressionList() throws(PythonSyntaxError) -> Expression {
        let first = try parseStarredOrExpression()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isEndOfList() { break }
            items.append(try parseStarredOrExpression())
        }
        return .tuple(items)
    }

    /// Counts one level of recursion; past ``Expression/maximumDepth`` the source is refused.
    mutating func enter() throws(PythonSyntaxError) {
        nesting += 1
        guard nesting <= Expression.maximumDepth else {
            throw error("expression nested deeper than \(Expression.maximumDepth) levels", at: current)
        }
    }

    mutating func parseExpression() throws(PythonSyntaxError) -> Expression {
        try enter()
        defer { nesting -= 1 }
        if acceptName("lambda") { return try parseLambda() }
        let body = try parseOr()
        guard acceptName("if") else { return body }
        let test = try parseOr()
        try expectName("else")
        return .conditional(test: test, body: body, orElse: try parseExpression())
    }

    private mutating func parseLambda() throws(PythonSyntaxError) -> Expression {
        var parameters: [Parameter] = []
        var kind = Parameter.Kind.positional
        while !isOp(":") {
            if accept("**") {
                parameters.append(Parameter(try expectIdentifier(), kind: .varKeywords))
            } else if accept("*") {
                if isOp(",") {
                    kind = .keywordOnly
                } else {
                    parameters.append(Parameter(try expectIdentifier(), kind: .varArgs))
                    kind = .keywordOnly
                }
            } else {
                let name = try expectIdentifier()
                let value: Expression? = accept("=") ? try parseExpression() : nil
                parameters.append(Parameter(name, kind: kind, defaultValue: value))
            }
            if !accept(",") { break }
        }
        try expect(":")
        return .lambda(parameters: parameters, body: try parseExpression())
    }

    private mutating func parseOr() throws(PythonSyntaxError) -> Expression {
        var operands = [try parseAnd()]
        while acceptName("or") { operands.append(try parseAnd()) }
        return operands.count == 1 ? operands[0] : .boolean(.or, operands)
    }

    private mutating func parseAnd() throws(PythonSyntaxError) -> Expression {
        var operands = [try parseNot()]
        while acceptName("and") { operands.append(try parseNot()) }
        return operands.count == 1 ? operands[0] : .boolean(.and, operands)
    }

    private mutating func parseNot() throws(PythonSyntaxError) -> Expression {
        try enter()
        defer { nesting -= 1 }
        if acceptName("not") { return .unary(.not, try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(PythonSyntaxError) -> Expression {
        let first = try parseBinary(.bitOr)
        var comparisons: [Comparison] = []
        while let op = acceptComparisonOperator() { comparisons.append(Comparison(op, try parseBinary(.bitOr))) }
        return comparisons.isEmpty ? first : .compare(first, comparisons)
    }

    private mutating func acceptComparisonOperator() -> ComparisonOperator? {
        if case .op(let text) = current.kind, let op = ComparisonOperator(rawValue: text) {
            index += 1
            return op
        }
        if acceptName("in") { return .in }
        if acceptName("is") { return acceptName("not") ? .isNot : .is }
        if isName("not"), case .name("in") = tokens[index + 1].kind {
            index += 2
            return .notIn
        }
        return nil
    }

    /// Left-associative binary levels from `|` down to `*`.
    mutating func parseBinary(_ level: Precedence) throws(PythonSyntaxError) -> Expression {
        guard level <= .term else { return try parseFactor() }
        let next = Precedence(rawValue: level.rawValue + 1)!
        var left = try parseBinary(next)
        while case .op(let text) = current.kind, let op = BinaryOperator(rawValue: text), op != .power,
            Precedence(op) == level
        {
            index += 1
            left = .binary(op, left, try parseBinary(next))
        }
        return left
    }

    private mutating func parseFactor() throws(PythonSyntaxError) -> Expression {
        try enter()
        defer { nesting -= 1 }
        for op in [UnaryOperator.negate, .plus, .invert] where accept(op.rawValue) {
            let operand = try parseFactor()
            if op == .negate, case .constant(let constant) = operand, let negated = constant.negated {
                return .constant(negated)
            }
            return .unary(op, operand)
        }
        let base = try parsePrimary()
        guard accept("**") else { return base }
        return .binary(.power, base, try parseFactor())
    }

    private mutating func parsePrimary() throws(PythonSyntaxError) -> Expression {
        var expression = try parseAtom()
        while true {
            if accept(".") {
                expression = .attribute(expression, try expectIdentifier())
            } else if accept("(") {
                expression = .call(expression, try parseArguments())
            } else if accept("[") {
                expression = .subscription(expression, try parseSubscript())
            } else {
                return expression
            }
        }
    }

    private mutating func parseAtom() throws(PythonSyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            index += 1
            switch name {
            case "None": return .constant(.none)
            case "True": return .constant(.bool(true))
            case "False": return .constant(.bool(false))
            default:
                guard !Self.keywords.contains(name) else { throw error("unexpected keyword '\(name)'", at: token) }
                return .name(name)
            }
        case .number(let constant):
            index += 1
            return .constant(constant)
        case .string(let constant):
            index += 1
            return .constant(try concatenate(constant))
        case .metavariable(let name):
            index += 1
            return .metavariable(name)
        case .op("..."):
            index += 1
            return .constant(.ellipsis)
        case .op("("): return try parseParenthesized()
        case .op("["):
            index += 1
            return .list(try parseItems(closing: "]"))
        case .op("{"):
            index += 1
            return try parseBraces()
        default: throw unexpected()
        }
    }
}

extension Constant {
    /// The constant with its sign flipped, for numbers.
    var negated: Constant? {
        switch self {
        case .int(let value): return value == .min ? .bigInt("9223372036854775808") : .int(-value)
        case .bigInt(let text): return .bigInt(text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text)
        case .float(let value): return .float(-value)
        case .complex(let real, let imaginary): return .complex(real: -real, imaginary: -imaginary)
        default: return nil
        }
    }
}
