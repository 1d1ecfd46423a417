/// One logical line of Python source: physical lines joined by open brackets, backslash
/// continuations or triple-quoted strings, without its indentation and trailing comment.
struct LogicalLine: Sendable {
    /// Offset of the first character of code.
    var start: Int
    /// Offset just past the last character of code (trailing comments and blanks excluded).
    var end: Int
    /// Indentation width, with tabs advancing to the next multiple of 8 as Python counts them.
    var indent: Int

    var range: Range<Int> { start..<end }

    /// Splits a file into logical lines, dropping blank and comment-only lines.
    ///
    /// - Throws: `PythonSyntaxError` for an unterminated string or a bracket that is never closed
    ///   or closes the wrong kind of bracket.
    static func split(_ source: SourceText) throws(PythonSyntaxError) -> [LogicalLine] {
        var scanner = LogicalLineScanner(source: source)
        var lines: [LogicalLine] = []
        while let line = try scanner.next() { lines.append(line) }
        return lines
    }
}

/// Walks the characters once, tracking brackets, strings and comments so that newlines inside
/// them do not end the logical line.
private struct LogicalLineScanner {
    let source: SourceText
    var characters: [Character] { source.characters }
    var position = 0
    /// Open brackets with their offsets, innermost last.
    var brackets: [(character: Character, offset: Int)] = []

    init(source: SourceText) {
        self.source = source
    }

    mutating func next() throws(PythonSyntaxError) -> LogicalLine? {
        while position < characters.count {
            let indent = skipIndentation()
            guard position < characters.count else { return nil }
            switch characters[position] {
            case "\n":
                position += 1
            case "#":
                skipComment()
            default:
                let start = position
                let end = try scanCode()
                return LogicalLine(start: start, end: end, indent: indent)
            }
        }
        return nil
    }

    private mutating func skipIndentation() -> Int {
        var width = 0
        while position < characters.count {
            switch characters[position] {
            case " ": width += 1
            case "\t": width = (width / 8 + 1) * 8
            case "\u{0C}": width = 0
            default: return width
            }
            position += 1
        }
        return width
    }

    private mutating func skipComment() {
        while position < characters.count, characters[position] != "\n" { position += 1 }
    }

    /// Scans to the end of the logical line and returns the offset just past its last code
    /// character; leaves `position` after the terminating newline.
    private mutating func scanCode() throws(PythonSyntaxError) -> Int {
        var end = position
        while position < characters.count {
            let character = characters[position]
            switch character {
            case "\n":
                position += 1
                if brackets.isEmpty { return end }
                continue
            case "#":
                skipComment()
                continue
            case " ", "\t", "\u{0C}":
                position += 1
                continue
            case "\\" where position + 1 < characters.count && characters[position + 1] == "\n":
                position += 2
                continue
            case "'", "\"":
                try skipString()
                end = position
                continue
            case "(", "[", "{":
                brackets.append((character, position))
            case ")", "]", "}":
                try closeBracket(character)
            default:
                break
            }
            position += 1
            end = position
        }
        if let open = brackets.last { throw source.error("'\(open.character)' was never closed", at: open.offset) }
        return end
    }

    private mutating func closeBracket(_ character: Character) throws(PythonSyntaxError) {
        guard let open = brackets.popLast() else { throw source.error("unmatched '\(character)'", at: position) }
        let expected: Character = open.character == "(" ? ")" : open.character == "[" ? "]" : "}"
        guard character == expected else {
            throw source.error(
                "closing parenthesis '\(character)' does not match opening parenthesis '\(open.character)'",
                at: position)
        }
    }

    /// Skips a string literal starting at its opening quote. Prefix letters were already read as
    /// code; they never change where a string ends, since even a raw string cannot end in a
    /// quote preceded by a backslash.
    private mutating func skipString() throws(PythonSyntaxError) {
        let start = position
        let quote = characters[position]
        let triple = characters[position...].starts(with: [quote, quote, quote])
        position += triple ? 3 : 1
        while position < characters.count {
            let character = characters[position]
            if character == "\\" {
                position += 2
                continue
            }
            if character == quote, !triple || characters[position...].starts(with: [quote, quote, quote]) {
                position += triple ? 3 : 1
                return
            }
            if character == "\n", !triple { break }
            position += 1
        }
        throw source.error(triple ? "unterminated triple-quoted string" : "unterminated string", at: start)
    }
}
