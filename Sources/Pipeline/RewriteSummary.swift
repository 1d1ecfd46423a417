import Rewrite

/// What rewriting one Lambda gave, as text: for reports, `explain`, and the JSON contract.
public struct RewriteSummary: Sendable {
    public struct Step: Sendable {
        public var ruleID: String
        public var path: [Int]
        public var before: String
        public var after: String
    }

    /// `rewritable` when only core ops are left, else `unsupported`.
    public var status: LambdaStatus
    /// The normal form (or how far it got), in core-op syntax.
    public var result: String
    /// The subterms no rule rewrote, each with the rules that almost matched and why not.
    public var residue: [(term: String, nearMisses: [NearMiss])]
    /// What heads each residue term: the call (`tensorflow.math.bessel_i0`), or the name of a
    /// bare symbol (an unbound global): what `bulk` counts as blocking.
    public var residueHeads: [String]
    /// How the engine stopped, in words.
    public var stop: String
    public var steps: [Step]
    /// Rules that fired, in order of first use.
    public var rules: [String]
    /// Rules with a declared approximation that fired.
    public var approximations: [String]

    init(_ result: RewriteResult) {
        status = result.isNormalForm ? .rewritable : .unsupported
        self.result = result.text(result.root)
        var residue: [(String, [NearMiss])] = []
        var heads: [String] = []
        switch result.stop {
        case .normalForm:
            stop = "normal form: core ops only"
        case .stepLimit(let count):
            stop = "step limit reached after \(count) steps"
        case .cycle(let rules):
            stop = "the rules \(rules.joined(separator: ", ")) loop"
        case .stuck(let terms):
            stop = "stuck: no rule rewrites \(terms.map(result.text).joined(separator: ", "))"
            residue = terms.map { (result.text($0), result.nearMisses[$0] ?? []) }
            heads = terms.map { Self.head(of: $0, in: result) }
        }
        self.residue = residue
        residueHeads = heads
        steps = result.steps.map {
            Step(ruleID: $0.ruleID, path: $0.path, before: result.text($0.before), after: result.text($0.after))
        }
        var seen: [String] = []
        for step in result.steps where !seen.contains(step.ruleID) { seen.append(step.ruleID) }
        rules = seen
        approximations = result.approximations
    }

    private static func head(of term: TermID, in result: RewriteResult) -> String {
        switch result.graph[term] {
        case .apply(let head, _, _), .symbol(let head), .variable(let head): return head
        case .constant: return result.text(term)
        }
    }

    /// The residue as one line: the innermost unsupported calls, each with the reason a rule
    /// refuses it, if one does.
    public var residueText: String {
        residue.map { term, misses in
            let refusal = misses.lazy.compactMap { miss -> String? in
                if case .refused(let reason) = miss.why { return reason }
                return nil
            }.first
            return refusal.map { "\(term): \($0)" } ?? term
        }.joined(separator: "; ")
    }
}
