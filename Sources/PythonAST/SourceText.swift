/// A whole Python source file as characters, with the means to turn character offsets into
/// one-based line and column numbers and to parse stretches of it as expressions.
///
/// Line endings are normalized to `\n` first: Swift treats `\r\n` as one `Character`, which would
/// otherwise hide line breaks from every scanner that compares against `"\n"`.
struct SourceText: Sendable {
    let characters: [Character]
    /// Offset of the first character of each physical line.
    private let lineStarts: [Int]

    init(_ text: String) {
        var characters: [Character] = []
        characters.reserveCapacity(text.count)
        var lineStarts = [0]
        for character in text {
            let normalized: Character = character == "\r\n" || character == "\r" ? "\n" : character
            characters.append(normalized)
            if normalized == "\n" { lineStarts.append(characters.count) }
        }
        self.characters = characters
        self.lineStarts = lineStarts
    }

    /// One-based line and column of the character at `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    func error(_ message: String, at offset: Int) -> PythonSyntaxError {
        let (line, column) = location(of: offset)
        return PythonSyntaxError(message, line: line, column: column)
    }

    func text(_ range: Range<Int>) -> String {
        String(characters[range])
    }

    /// Moves an error reported against `text(range)` to its place in the whole file.
    ///
    /// The slice is verbatim, so its second and later lines are whole physical lines of the file:
    /// only errors on its first line need their column shifted.
    func relocate(_ error: PythonSyntaxError, from start: Int) -> PythonSyntaxError {
        let (line, column) = location(of: start)
        var moved = error
        if error.line == 1 {
            moved.column += column - 1
        }
        moved.line += line - 1
        return moved
    }

    /// Parses the characters in `range` as one expression, reporting errors at file positions.
    func parseExpression(_ range: Range<Int>) throws(PythonSyntaxError) -> Expression {
        do {
            return try ExpressionParser.parse(text(range))
        } catch {
            throw relocate(error, from: range.lowerBound)
        }
    }

    /// The tokens of `range`, with offsets into the whole file; the last is `.end` at
    /// `range.upperBound`.
    func tokens(_ range: Range<Int>) throws(PythonSyntaxError) -> [Token] {
        let local: [Token]
        do {
            local = try Tokenizer.tokenize(text(range))
        } catch {
            throw relocate(error, from: range.lowerBound)
        }
        return local.map { token in
            let offset = token.kind == .end ? range.upperBound : token.offset + range.lowerBound
            return Token(kind: token.kind, offset: offset)
        }
    }
}
