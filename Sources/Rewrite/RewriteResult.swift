/// One rule application.
public struct RewriteStep: Hashable, Sendable {
    public var ruleID: String
    /// Child indices from the root to the rewritten subterm (arguments, then keyword values).
    public var path: [Int]
    public var before: TermID
    public var after: TermID
}

/// Why the engine stopped.
public enum StopReason: Hashable, Sendable {
    /// No rule applies and every op is a core op.
    case normalForm
    /// The step limit was reached.
    case stepLimit(Int)
    /// A term came back while it was being rewritten: the rules involved.
    case cycle(rules: [String])
    /// No rule applies, but these subterms are not core ops.
    case stuck(residue: [TermID])
}

/// What a rule could not do for a residue term.
public struct NearMiss: Hashable, Sendable {
    /// Why the rule did not apply.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// Its pattern, or a `where` constraint, does not hold.
        case mismatch(MismatchReason)
        /// It matches, but declares an approximation and `--exact` is on.
        case refusedApproximation
        /// It matches, but its rewrite calls for what is not known yet (a shape, a constant).
        case rewriteIncomplete
        /// The rule has no pattern.
        case noPattern
        /// It matches and refuses the term (`refuse:`), for this reason.
        case refused(String)

        public var description: String {
            switch self {
            case .mismatch(let mismatch): return mismatch.description
            case .refusedApproximation: return "approximates, and --exact refuses approximations"
            case .rewriteIncomplete: return "its rewrite needs what is not yet known"
            case .noPattern: return "no pattern"
            case .refused(let reason): return "refused: \(reason)"
            }
        }
    }

    public var ruleID: String
    public var why: Reason

    /// The reason as `explain` prints it.
    public var reason: String { why.description }
}

/// The outcome of rewriting one term.
public struct RewriteResult {
    public var graph: TermGraph
    public var root: TermID
    public var stop: StopReason
    public var steps: [RewriteStep]
    /// The rule that produced each core-op term of the result.
    public var provenance: [TermID: String]
    /// Rules with a declared approximation that fired.
    public var approximations: [String]
    /// For each residue term, the rules that almost matched it.
    public var nearMisses: [TermID: [NearMiss]]

    /// The result (or any term of its graph) as text.
    public func text(_ id: TermID) -> String { TermPrinter(graph: graph).text(id) }

    public var isNormalForm: Bool { stop == .normalForm }
}
