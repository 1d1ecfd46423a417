extension ExpressionParser {
    // MARK: - Displays, calls, subscripts

    mutating func parseParenthesized() throws(PythonSyntaxError) -> Expression {
        try expect("(")
        if accept(")") { return .tuple([]) }
        let first = try parseStarredOrExpression()
        if isName("for") { throw error("unsupported construct: generator expression", at: current) }
        if accept(")") {
            if case .starred = first { throw error("cannot use a starred expression here", at: current) }
            return first
        }
        var items = [first]
        while accept(",") {
            if isOp(")") { break }
            items.append(try parseStarredOrExpression())
        }
        try expect(")")
        return .tuple(items)
    }

    mutating func parseItems(closing: String) throws(PythonSyntaxError) -> [Expression] {
        var items: [Expression] = []
        while !accept(closing) {
            items.append(try parseStarredOrExpression())
            if isName("for") { throw error("unsupported construct: comprehension", at: current) }
            if !accept(",") {
                try expect(closing)
                break
            }
        }
        return items
    }

    mutating func parseBraces() throws(PythonSyntaxError) -> Expression {
        if accept("}") { return .dict([]) }
        if isOp("**") || !isSetItem() { return .dict(try parseDictItems()) }
        return .set(try parseItems(closing: "}"))
    }

    /// After `{`: a set unless the first item is followed by `:`.
    private func isSetItem() -> Bool {
        var probe = self
        guard (try? probe.parseStarredOrExpression()) != nil else { return true }
        return !probe.isOp(":")
    }

    private mutating func parseDictItems() throws(PythonSyntaxError) -> [DictItem] {
        var items: [DictItem] = []
        while !accept("}") {
            if accept("**") {
                items.append(DictItem(key: nil, value: try parseBinary(.bitOr)))
            } else {
                let key = try parseExpression()
                try expect(":")
                items.append(DictItem(key: key, value: try parseExpression()))
            }
            if isName("for") { throw error("unsupported construct: comprehension", at: current) }
            if !accept(",") {
                try expect("}")
                break
            }
        }
        return items
    }

    mutating func parseArguments() throws(PythonSyntaxError) -> [Argument] {
        var arguments: [Argument] = []
        while !accept(")") {
            if accept("**") {
                arguments.append(.doubleStarred(try parseExpression()))
            } else if accept("*") {
                arguments.append(.starred(try parseExpression()))
            } else if case .name(let name) = current.kind, case .op("=") = tokens[index + 1].kind {
                index += 2
                arguments.append(.keyword(name, try parseExpression()))
            } else {
                arguments.append(.positional(try parseExpression()))
                if isName("for") { throw error("unsupported construct: generator expression", at: current) }
            }
            if !accept(",") {
                try expect(")")
                break
            }
        }
        return arguments
    }

    mutating func parseSubscript() throws(PythonSyntaxError) -> Expression {
        var items: [Expression] = []
        var sawComma = false
        while !accept("]") {
            items.append(try parseSliceItem())
            if accept(",") {
                sawComma = true
            } else {
                try expect("]")
                break
            }
        }
        guard !items.isEmpty else { throw error("empty subscript", at: current) }
        return items.count == 1 && !sawComma ? items[0] : .tuple(items)
    }

    private mutating func parseSliceItem() throws(PythonSyntaxError) -> Expression {
        let lower: Expression? = isOp(":") ? nil : try parseStarredOrExpression()
        guard accept(":") else { return lower! }
        let upper: Expression? = isOp(":") || isOp("]") || isOp(",") ? nil : try parseExpression()
        var step: Expression?
        if accept(":"), !isOp("]"), !isOp(",") { step = try parseExpression() }
        return .slice(lower: lower, upper: upper, step: step)
    }

    mutating func parseStarredOrExpression() throws(PythonSyntaxError) -> Expression {
        if accept("*") { return .starred(try parseBinary(.bitOr)) }
        return try parseExpression()
    }

    /// Adjacent literals concatenate: `'a' 'b'` is `'ab'`.
    mutating func concatenate(_ first: Constant) throws(PythonSyntaxError) -> Constant {
        var result = first
        while case .string(let next) = current.kind {
            switch (result, next) {
            case (.string(let a), .string(let b)): result = .string(a + b)
            case (.bytes(let a), .bytes(let b)): result = .bytes(a + b)
            default: throw error("cannot mix bytes and nonbytes literals", at: current)
            }
            index += 1
        }
        return result
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }

    func isOp(_ text: String) -> Bool { current.kind == .op(text) }
    func isName(_ name: String) -> Bool { current.kind == .name(name) }
    func isEndOfList() -> Bool { current.kind == .end || isOp(")") || isOp("]") || isOp("}") || isOp(":") }

    mutating func accept(_ text: String) -> Bool {
        guard isOp(text) else { return false }
        index += 1
        return true
    }

    mutating func acceptName(_ name: String) -> Bool {
        guard isName(name) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ text: String) throws(PythonSyntaxError) {
        guard accept(text) else { throw error("expected '\(text)'", at: current) }
    }

    mutating func expectName(_ name: String) throws(PythonSyntaxError) {
        guard acceptName(name) else { throw error("expected '\(name)'", at: current) }
    }

    mutating func expectIdentifier() throws(PythonSyntaxError) -> String {
        guard case .name(let name) = current.kind, !Self.isKeyword(name) else {
            throw error("expected a name", at: current)
        }
        index += 1
        return name
    }

    func unexpected() -> PythonSyntaxError {
        switch current.kind {
        case .end: return error("unexpected end of expression", at: current)
        case .op(let text): return error("unexpected '\(text)'", at: current)
        case .name(let name): return error("unexpected name '\(name)'", at: current)
        default: return error("unexpected token", at: current)
        }
    }

    func error(_ message: String, at token: Token) -> PythonSyntaxError {
        tokenizer.error(message, at: token.offset)
    }
}
