/// What a metavariable of a pattern stands for in the term it matched.
public typealias Bindings = [String: TermID]

/// The outcome of matching a pattern (and its rule's constraints) against a term.
public enum MatchOutcome: Hashable, Sendable {
    case matched(Bindings)
    case failed(MismatchReason)
}
