/// The keys a rule file's mappings may hold, one enum per kind of mapping: the reader switches
/// over them exhaustively, so a new key gets its own branch (the compiler insists) instead of
/// falling into another key's, and the "known:" list of an unknown key's message is the enum.
enum RuleFileKey {
    /// The top level of a rule file.
    enum TopLevel: String, CaseIterable {
        case aliases, signatures, rules
    }

    /// One entry of `rules`.
    enum Rule: String, CaseIterable {
        case id, match, `where`, rewrite, refuse, priority, tests, description, approximate
    }

    /// One of a rule's `tests`. `domain: [low, high]` is for the recording script: where it
    /// draws a numeric test's inputs.
    enum Test: String, CaseIterable {
        case input = "in"
        case output = "out"
        case numeric, shapes, domain
    }

    /// A rule's `approximate` mapping.
    enum Approximation: String, CaseIterable {
        case maxAbsoluteError = "max_abs_error"
        case domain
    }
}
