/// What names mean to the rules: module aliases, library signatures, and the ops rules may
/// produce (with their signatures), merged from the built-in library and user rule files.
public struct Vocabulary: Sendable {
    /// Dotted-prefix rewrites: `tf` → `tensorflow`, `tensorflow.square` → `tensorflow.math.square`.
    public var aliases: [String: String] = [:]
    /// Library functions' parameters, by canonical path.
    public var signatures: [String: Signature] = [:]
    /// The core ops: operands positional, attributes as keywords with defaults.
    public var coreOps: [String: Signature] = [:]
    /// Ops whose two operands may be swapped when matching.
    public var commutative: Set<String> = ["add", "mul", "maximum", "minimum", "equal", "not_equal"]

    public init() {}

    /// The canonical path of a dotted name: the longest aliased prefix replaced, repeatedly.
    public func resolve(_ path: String) -> String {
        var current = path
        for _ in 0..<16 {
            guard let next = resolveOnce(current), next != current else { return current }
            current = next
        }
        return current
    }

    private func resolveOnce(_ path: String) -> String? {
        var prefix = path
        while true {
            if let target = aliases[prefix] { return target + path.dropFirst(prefix.count) }
            guard let dot = prefix.lastIndex(of: ".") else { return nil }
            prefix = String(prefix[..<dot])
        }
    }

    /// The signature a call of `head` is normalized with.
    public func signature(of head: String) -> Signature? {
        coreOps[head] ?? signatures[head]
    }

    public func isCoreOp(_ head: String) -> Bool { coreOps[head] != nil }
}

extension Vocabulary {
    /// Whether `pattern` matches `term` (constraints aside).
    public func matches(_ pattern: Pattern, _ term: TermID, in graph: TermGraph) -> Bool {
        let matcher = Matcher(graph: graph, vocabulary: self, printer: TermPrinter(graph: graph), shapeOf: { _ in nil })
        if case .matched = matcher.match(pattern, term) { return true }
        return false
    }
}
