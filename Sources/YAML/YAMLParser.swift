/// Reads YAML text into ``YAMLNode`` trees, using libyaml for the syntax.
///
/// Aliases are resolved by copying the anchored node. To keep hostile input cheap to reject, a text
/// over ``maximumBytes``, or whose documents expand to more than 100,000 nodes, or nest collections
/// more than 200 deep, is refused. Scalars keep their text and style; typing them (``YAMLNode/int`` and friends) is left
/// to the reader of the tree.
public enum YAMLParser {
    /// Parses every document of a YAML stream.
    ///
    /// - Parameter text: The YAML source.
    /// - Returns: The documents' root nodes in order; empty for a text with no documents (empty, or
    ///   only comments).
    /// - Throws: ``YAMLError`` for a syntax error, an undefined alias, or a text beyond the limits,
    ///   with the one-based mark and the source line it points into.
    /// - Complexity: O(*n*) in the length of the text plus the size of the expanded tree.
    public static func parseDocuments(_ text: String) throws(YAMLError) -> [YAMLNode] {
        try documents(in: text).map(\.root)
    }

    /// Parses a YAML text that holds at most one document.
    ///
    /// - Parameter text: The YAML source.
    /// - Returns: The document's root node, or nil when the text holds no document.
    /// - Throws: ``YAMLError`` as ``parseDocuments(_:)`` does, and when a second document follows the
    ///   first (marked at the second's start).
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        let documents = try documents(in: text)
        if documents.count > 1 {
            let error = YAMLError(
                "expected a single document, but another one starts here", mark: documents[1].mark)
            throw located(error, in: text)
        }
        return documents.first?.root
    }

    /// The longest text parsed, in UTF-8 bytes (rule files are a few kilobytes; the largest built-in
    /// one is 26 KB): a hostile 100 MB file is refused before libyaml reads it.
    public static let maximumBytes = 1 << 20

    static func documents(in text: String) throws(YAMLError) -> [YAMLTreeBuilder.Document] {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            throw YAMLError(
                "the text is \(size) bytes, over the \(maximumBytes >> 20) MiB a YAML file may take",
                mark: YAMLMark(line: 1, column: 1))
        }
        var builder = YAMLTreeBuilder()
        do {
            try YAMLEventReader.read(text) { (event) throws(YAMLError) in try builder.consume(event) }
        } catch {
            throw located(error, in: text)
        }
        return builder.documents
    }

    private static func located(_ error: YAMLError, in text: String) -> YAMLError {
        YAMLSourceText(text: text).located(error)
    }
}
