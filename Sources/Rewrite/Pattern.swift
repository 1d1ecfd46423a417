/// A term with holes: a rule's `match` side (with `$metavariables`), its `rewrite` template, or
/// a plain term before it enters a ``TermGraph``.
public indirect enum Pattern: Hashable, Sendable {
    case metavariable(String)
    case constant(Literal)
    case symbol(String)
    case variable(String)
    case apply(head: String, arguments: [Pattern], keywords: [PatternKeyword])

    /// The head symbol, for indexing rules.
    public var head: String? {
        if case .apply(let head, _, _) = self { return head }
        return nil
    }

    /// What a rule with this pattern is indexed under: the head of an application, or the name
    /// of a module constant (`numpy.pi`); nil for what no rule may match on (a bare metavariable).
    public var indexKey: String? {
        switch self {
        case .apply(let head, _, _): return head
        case .symbol(let name): return "=" + name
        default: return nil
        }
    }

    /// Nodes in the tree: larger patterns are more specific and are tried first.
    public var size: Int {
        guard case .apply(_, let arguments, let keywords) = self else { return 1 }
        return 1 + arguments.reduce(0) { $0 + $1.size } + keywords.reduce(0) { $0 + $1.value.size }
    }

    /// Every metavariable, in order of first appearance.
    public var metavariables: [String] {
        var seen: [String] = []
        collectMetavariables(into: &seen)
        return seen
    }

    private func collectMetavariables(into seen: inout [String]) {
        switch self {
        case .metavariable(let name):
            if !seen.contains(name) { seen.append(name) }
        case .apply(_, let arguments, let keywords):
            for argument in arguments { argument.collectMetavariables(into: &seen) }
            for keyword in keywords { keyword.value.collectMetavariables(into: &seen) }
        default:
            break
        }
    }

    /// Every applied head in the tree, for lint checks on rewrite templates.
    public var heads: [(head: String, arity: Int, keywords: [String])] {
        guard case .apply(let head, let arguments, let keywords) = self else { return [] }
        return [(head, arguments.count, keywords.map(\.name))] + arguments.flatMap(\.heads)
            + keywords.flatMap(\.value.heads)
    }
}

/// A keyword argument of a pattern.
public struct PatternKeyword: Hashable, Sendable {
    public var name: String
    public var value: Pattern

    public init(_ name: String, _ value: Pattern) {
        self.name = name
        self.value = value
    }
}

extension Pattern {
    /// Adds the pattern to `graph`, metavariables replaced by their bindings.
    /// - Returns: nil when a metavariable is unbound.
    public func instantiate(in graph: TermGraph, bindings: [String: TermID] = [:]) -> TermID? {
        switch self {
        case .metavariable(let name): return bindings[name]
        case .constant(let literal): return graph.intern(.constant(literal))
        case .symbol(let name): return graph.intern(.symbol(name))
        case .variable(let name): return graph.intern(.variable(name))
        case .apply(let head, let arguments, let keywords):
            var argumentIDs: [TermID] = []
            for argument in arguments {
                // `concat(*$xs)`: the items of a bound tuple or list become arguments.
                if case .apply("py.starred", let inner, _) = argument, inner.count == 1 {
                    guard let id = inner[0].instantiate(in: graph, bindings: bindings) else { return nil }
                    if let head = graph.head(of: id), head == "py.tuple" || head == "py.list" {
                        argumentIDs += graph.children(of: id)
                        continue
                    }
                }
                guard let id = argument.instantiate(in: graph, bindings: bindings) else { return nil }
                argumentIDs.append(id)
            }
            var keywordIDs: [TermKeyword] = []
            for keyword in keywords {
                guard let id = keyword.value.instantiate(in: graph, bindings: bindings) else { return nil }
                keywordIDs.append(TermKeyword(keyword.name, id))
            }
            return graph.apply(head, argumentIDs, keywordIDs)
        }
    }
}
