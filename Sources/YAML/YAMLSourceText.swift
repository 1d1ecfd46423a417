/// The source lines of a YAML text, split the way libyaml counts them, to quote in errors.
///
/// libyaml (following YAML 1.1) breaks lines at LF, CR, CRLF, NEL, LS and PS, and counts columns in
/// Unicode scalars; marks computed here agree with its own. Built only when there is an error to show.
struct YAMLSourceText {
    private static let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]

    let text: String
    /// The lines without their breaks; a text ending in a break has a last, empty line.
    let lines: [String]

    init(text: String) {
        self.text = text
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        // libyaml skips a leading byte-order mark without counting it, so quoting it would shift the caret.
        if pending == "\u{FEFF}" { pending = scalars.next() }
        while let scalar = pending {
            pending = scalars.next()
            guard Self.breaks.contains(scalar) else {
                line.append(scalar)
                continue
            }
            if scalar == "\r" && pending == "\n" { pending = scalars.next() }
            lines.append(String(line))
            line = String.UnicodeScalarView()
        }
        lines.append(String(line))
        self.lines = lines
    }

    /// `error` with the line its mark points into, ready for the caret display.
    ///
    /// libyaml reports problems found at the end of the text (an unclosed `[`) on the line after the
    /// last one; they are moved to just past the last non-blank line's end, so the caret has a line
    /// to sit under.
    func located(_ error: YAMLError) -> YAMLError {
        var error = error
        let isBlank = { (line: String) in line.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" } }
        if let last = lines.lastIndex(where: { !isBlank($0) }), error.mark.line - 1 > last {
            error.mark = YAMLMark(line: last + 1, column: lines[last].unicodeScalars.count + 1)
        }
        let index = error.mark.line - 1
        error.sourceLine = lines.indices.contains(index) ? lines[index] : nil
        return error
    }

    /// The mark of the UTF-8 byte at `offset`, for libyaml's reader errors, which give only an offset.
    func mark(atByteOffset offset: Int) -> YAMLMark {
        var mark = YAMLMark(line: 1, column: 1)
        var consumed = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            guard consumed < offset else { break }
            let isFirst = consumed == 0
            consumed += scalar.utf8.count
            defer { previous = scalar }
            if scalar == "\n" && previous == "\r" { continue }
            if Self.breaks.contains(scalar) {
                mark = YAMLMark(line: mark.line + 1, column: 1)
            } else if !(isFirst && scalar == "\u{FEFF}") {
                mark.column += 1
            }
        }
        return mark
    }
}
