/// What a message to the user may quote: a hostile file can hold a layer named with a megabyte
/// of text or a constant of a million items, and an error that quotes it whole floods the
/// terminal (and the logs of a model zoo's bulk run).
enum MessageCap {
    /// The most characters a line keeps before it is cut: room for a few refusals of one model,
    /// each with its next step (`--define`, `explain` and `--rules`...), on the one error line.
    static let lineWidth = 1000
    /// The most lines a message keeps.
    static let lineCount = 40

    /// `text` with each long line cut (`... (N characters)`) and lines past ``lineCount`` dropped
    /// (`... (N more lines)`); a text within the limits comes back unchanged.
    static func capped(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > lineCount || lines.contains(where: { $0.count > lineWidth }) else { return text }
        var kept = lines.prefix(lineCount).map { line -> String in
            guard line.count > lineWidth else { return String(line) }
            return line.prefix(lineWidth - 40) + "... (\(line.count) characters)"
        }
        // A trailing newline is an empty last line: dropping lines keeps it.
        if lines.count > lineCount {
            let dropped = lines.count - lineCount - (lines.last?.isEmpty == true ? 1 : 0)
            kept[lineCount - 1] = "... (\(dropped + 1) more lines)"
            if lines.last?.isEmpty == true { kept.append("") }
        }
        return kept.joined(separator: "\n")
    }

    /// The most characters a Lambda's source keeps when a refusal quotes it before its reason.
    static let sourceWidth = 240

    /// A Lambda's source as a refusal quotes it: whole when short, else its start and its
    /// length, so that the reason after it survives the line cap (a loop unrolled once per
    /// length reads as thousands of characters).
    static func quoted(_ source: String) -> String {
        guard source.count > sourceWidth else { return source }
        return source.prefix(sourceWidth - 40) + "... (\(source.count) characters)"
    }
}
