/// Splits Python expression source into tokens (names, numbers, strings, operators, `$x`).
struct Tokenizer {
    private static let operators = [
        "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=", "+", "-", "*",
        "/", "%", "@", "|", "^", "&", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", ";",
    ].map { Array($0) }

    let characters: [Character]
    var position = 0

    init(_ source: String) {
        characters = Array(source)
    }

    /// All tokens, ending with `.end`.
    /// Tokens in one expression at most: it bounds the tree, whose teardown recurses.
    static let maximumTokens = 20_000

    static func tokenize(_ source: String) throws(PythonSyntaxError) -> [Token] {
        var tokenizer = Tokenizer(source)
        var tokens: [Token] = []
        while true {
            let token = try tokenizer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
            guard tokens.count < maximumTokens else {
                throw tokenizer.error("expression longer than \(maximumTokens) tokens", at: token.offset)
            }
        }
    }

    func error(_ message: String, at offset: Int) -> PythonSyntaxError {
        var line = 1
        var column = 1
        for character in characters.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return PythonSyntaxError(message, line: line, column: column)
    }

    private mutating func next() throws(PythonSyntaxError) -> Token {
        skipTrivia()
        let start = position
        guard position < characters.count else { return Token(kind: .end, offset: start) }
        let character = characters[position]
        if character == "$" {
            position += 1
            let name = readIdentifier()
            guard !name.isEmpty else { throw error("expected a name after '$'", at: start) }
            return Token(kind: .metavariable(name), offset: start)
        }
        if character.isNumber || (character == "." && peek(1)?.isNumber == true) {
            return Token(kind: .number(try readNumber()), offset: start)
        }
        if character.isLetter || character == "_" {
            let name = readIdentifier()
            if let quote = peek(0), quote == "'" || quote == "\"", let prefix = StringPrefix(name) {
                return Token(kind: .string(try readString(prefix: prefix, start: start)), offset: start)
            }
            return Token(kind: .name(name), offset: start)
        }
        if character == "'" || character == "\"" {
            return Token(kind: .string(try readString(prefix: StringPrefix(), start: start)), offset: start)
        }
        for op in Self.operators where characters[position...].starts(with: op) {
            position += op.count
            return Token(kind: .op(String(op)), offset: start)
        }
        throw error("unexpected character '\(character)'", at: start)
    }

    private mutating func skipTrivia() {
        while position < characters.count {
            let character = characters[position]
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                position += 1
            } else if character == "\\", peek(1) == "\n" {
                position += 2
            } else if character == "#" {
                while position < characters.count, characters[position] != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private func peek(_ distance: Int) -> Character? {
        position + distance < characters.count ? characters[position + distance] : nil
    }

    private mutating func readIdentifier() -> String {
        let start = position
        while position < characters.count,
            characters[position].isLetter || characters[position].isNumber
                || characters[position] == "_"
        {
            position += 1
        }
        return String(characters[start..<position])
    }

    private mutating func readNumber() throws(PythonSyntaxError) -> Constant {
        let start = position
        var text = ""
        func take(_ predicate: (Character) -> Bool) {
            while position < characters.count, predicate(characters[position]) || characters[position] == "_" {
                if characters[position] != "_" { text.append(characters[position]) }
                position += 1
            }
        }
        if characters[position] == "0", let marker = peek(1)?.lowercased(), ["x", "o", "b"].contains(marker) {
            position += 2
            let radix = marker == "x" ? 16 : marker == "o" ? 8 : 2
            take { $0.isHexDigit }
            guard let value = Int(text, radix: radix) else { throw error("invalid number literal", at: start) }
            return .int(value)
        }
        take { $0.isNumber }
        var isFloat = false
        if peek(0) == ".", peek(1) != "." {
            isFloat = true
            text.append(".")
            position += 1
            take { $0.isNumber }
        }
        if let e = peek(0), e == "e" || e == "E" {
            isFloat = true
            text.append("e")
            position += 1
            if let sign = peek(0), sign == "+" || sign == "-" {
                text.append(sign)
                position += 1
            }
            take { $0.isNumber }
        }
        if let j = peek(0), j == "j" || j == "J" {
            position += 1
            guard let value = Double(text) else { throw error("invalid imaginary literal", at: start) }
            return .complex(real: 0, imaginary: value)
        }
        if peek(0) == "L" || peek(0) == "l" { position += 1 }
        if isFloat {
            guard let value = Double(text) else { throw error("invalid float literal", at: start) }
            return .float(value)
        }
        if let value = Int(text) { return .int(value) }
        // Too large for Int, so never all zeros: only leading zeros need dropping.
        return .bigInt(String(text.drop { $0 == "0" }))
    }
}
