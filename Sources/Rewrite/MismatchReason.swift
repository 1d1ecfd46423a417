/// Why a pattern or its constraints do not hold for a term: the "why not" of a near miss, as a
/// value (terms already printed), so a caller can tell the kinds apart and `explain` prints it.
public indirect enum MismatchReason: Error, Hashable, Sendable, CustomStringConvertible {
    /// A repeated metavariable bound to two different subterms.
    case conflictingBinding(metavariable: String, bound: String, found: String)
    case expectedConstant(Literal, found: String)
    /// A module constant (`numpy.pi`) or a variable was expected.
    case expectedName(String, found: String)
    case expectedCall(head: String, found: String)
    case argumentCount(expected: Int, found: Int)
    /// The argument at a 1-based position does not match.
    case argument(position: Int, MismatchReason)
    case keyword(name: String, MismatchReason)
    /// The pattern's keyword, absent from the term, does not match the parameter's default.
    case keywordDefault(name: String, MismatchReason)
    /// The pattern's keyword is absent from the term and the call has no default for it.
    case keywordMissing(name: String)
    case unexpectedKeyword(name: String, value: String)
    /// A `where` constraint names a metavariable the pattern did not bind.
    case unboundConstraint(metavariable: String)
    case constraintFails(metavariable: String, Constraint.Kind, found: String)

    public var description: String {
        switch self {
        case .conflictingBinding(let name, let bound, let found): return "$\(name) is \(bound) here but \(found) there"
        case .expectedConstant(let literal, let found): return "expected \(literal), found \(found)"
        case .expectedName(let name, let found): return "expected \(name), found \(found)"
        case .expectedCall(let head, let found): return "expected \(head)(...), found \(found)"
        case .argumentCount(let expected, let found): return "expected \(expected) arguments, found \(found)"
        case .argument(let position, let inner): return "argument \(position): \(inner)"
        case .keyword(let name, let inner): return "\(name)=: \(inner)"
        case .keywordDefault(let name, let inner): return "\(name)= (default): \(inner)"
        case .keywordMissing(let name): return "\(name)= is not given"
        case .unexpectedKeyword(let name, let value): return "unexpected \(name)=\(value)"
        case .unboundConstraint(let name): return "$\(name) is not bound"
        case .constraintFails(let name, let kind, let found):
            return "where $\(name): \(kind) does not hold for \(found)"
        }
    }
}
