/// Rules in the order they are tried, indexed by the head symbol of their patterns, so that
/// finding candidates costs nothing for the rules that cannot apply.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule]
    private var byHead: [String: [Int]] = [:]

    /// Orders `rules`: explicit priority first, then the user's over the built-in library, then
    /// larger patterns (more specific), then the order they were written.
    public init(_ rules: [Rule]) {
        self.rules = rules.sorted { left, right in
            if left.priority != right.priority { return left.priority > right.priority }
            if left.origin.isBuiltIn != right.origin.isBuiltIn { return !left.origin.isBuiltIn }
            let leftSize = left.patterns.map(\.size).max() ?? 0
            let rightSize = right.patterns.map(\.size).max() ?? 0
            if leftSize != rightSize { return leftSize > rightSize }
            return left.origin.order < right.origin.order
        }
        for (index, rule) in self.rules.enumerated() {
            for key in Set(rule.patterns.compactMap(\.indexKey)) { byHead[key, default: []].append(index) }
        }
    }

    /// The rules indexed under `head` (a head symbol, or `=name` for a module constant), in trial order.
    public func candidates(for head: String) -> [Rule] {
        (byHead[head] ?? []).map { rules[$0] }
    }

    public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

    /// Every head some rule matches on.
    public var heads: Set<String> { Set(byHead.keys) }
}
