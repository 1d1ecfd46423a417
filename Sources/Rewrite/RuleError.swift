/// Why a ``Rule`` cannot be built: as in egg's `Rewrite::new`, a rule whose rewrite or `where`
/// names a metavariable its pattern leaves unbound is refused when it is made, not when it fires.
public enum RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every metavariable some pattern leaves unbound, pattern by pattern: first those of the
    /// rewrite, then those of the constraints.
    case unboundMetavariables([UnboundMetavariable])

    /// A metavariable a pattern does not bind, and where the rule uses it.
    public struct UnboundMetavariable: Hashable, Sendable, CustomStringConvertible {
        /// Where the rule uses a metavariable.
        public enum Use: Hashable, Sendable {
            case rewrite
            case constraint
        }

        /// The name, without `$`.
        public var name: String
        public var use: Use
        /// The index of the pattern (among the rule's patterns) that does not bind it.
        public var pattern: Int

        public init(name: String, use: Use, pattern: Int) {
            self.name = name
            self.use = use
            self.pattern = pattern
        }

        public var description: String {
            switch use {
            case .rewrite: return "$\(name) is used by the rewrite but not bound by pattern \(pattern + 1)"
            case .constraint: return "$\(name) is constrained by where but not bound by pattern \(pattern + 1)"
            }
        }
    }

    public var description: String {
        switch self {
        case .unboundMetavariables(let unbound): return unbound.map(\.description).joined(separator: "; ")
        }
    }
}
