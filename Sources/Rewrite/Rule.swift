/// One compiled rewrite rule: what it matches, under which constraints, and what it produces.
public struct Rule: Sendable {
    /// Where a rule was written, for messages, lint and ordering.
    public struct Origin: Hashable, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
        /// Rules of the built-in library lose to the user's.
        public var isBuiltIn: Bool
        /// Position in the order files and rules were read.
        public var order: Int

        public init(file: String, line: Int, column: Int, isBuiltIn: Bool, order: Int) {
            self.file = file
            self.line = line
            self.column = column
            self.isBuiltIn = isBuiltIn
            self.order = order
        }
    }

    /// A declared approximation: the rewrite is close to, not equal to, what it replaces.
    public struct Approximation: Hashable, Sendable {
        public var maxAbsoluteError: Double
        /// The inputs over which the bound holds.
        public var domain: ClosedRange<Double>

        public init(maxAbsoluteError: Double, domain: ClosedRange<Double>) {
            self.maxAbsoluteError = maxAbsoluteError
            self.domain = domain
        }
    }

    public var id: String
    /// The patterns, constraints and rewrite are fixed once the rule is built: the initializer
    /// checked that every metavariable the rewrite and the constraints use is bound.
    public let patterns: [Pattern]
    public let constraints: [Constraint]
    public let rewrite: Pattern
    /// Larger first; 0 when not given.
    public var priority: Int
    public var approximation: Approximation?
    public var description: String?
    /// Set for a rule that refuses what it matches (`refuse:` in a rule file): the reason users
    /// read. Such a rule never rewrites; the term it matches stays as residue.
    public var refusal: String?
    public var origin: Origin

    /// Builds a rule, checking that each pattern binds every metavariable the rewrite and the
    /// constraints use (so the rule can always instantiate its rewrite when it matches).
    /// - Throws: ``RuleError/unboundMetavariables(_:)`` naming each one left unbound.
    public init(
        id: String, patterns: [Pattern], constraints: [Constraint] = [], rewrite: Pattern, priority: Int = 0,
        approximation: Approximation? = nil, description: String? = nil, refusal: String? = nil,
        origin: Origin = Origin(file: "", line: 0, column: 0, isBuiltIn: false, order: 0)
    ) throws(RuleError) {
        var unbound: [RuleError.UnboundMetavariable] = []
        for (index, pattern) in patterns.enumerated() {
            let bound = Set(pattern.metavariables)
            for name in rewrite.metavariables where !bound.contains(name) {
                unbound.append(.init(name: name, use: .rewrite, pattern: index))
            }
            for constraint in constraints where !bound.contains(constraint.metavariable) {
                unbound.append(.init(name: constraint.metavariable, use: .constraint, pattern: index))
            }
        }
        guard unbound.isEmpty else { throw .unboundMetavariables(unbound) }
        self.id = id
        self.patterns = patterns
        self.constraints = constraints
        self.rewrite = rewrite
        self.priority = priority
        self.approximation = approximation
        self.description = description
        self.refusal = refusal
        self.origin = origin
    }
}

/// A `where` constraint on what a metavariable binds.
public struct Constraint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case int, float, number, constant, string, bool, none, tensor, positive, negative, nonzero
        /// A tuple or list of int constants, or one int.
        case ints
        /// A tuple or list of numbers (nested allowed): a constant array in Python syntax.
        case numbers
        /// A tuple or list of equally long tuples or lists of numbers (nested further allowed): a
        /// constant array of rank 2 or more in Python syntax.
        case nestedNumbers
        case rank(Int)
        /// The static shape, with nil for any dimension.
        case shape([Int?])
        /// One of these constants.
        case oneOf([Literal])
    }

    public var metavariable: String
    public var kind: Kind

    public init(_ metavariable: String, _ kind: Kind) {
        self.metavariable = metavariable
        self.kind = kind
    }

    /// The names `where` accepts, for messages and lint.
    public static let names = [
        "int", "float", "number", "const", "string", "bool", "none", "tensor", "positive", "negative", "nonzero",
        "ints", "numbers", "nested_numbers", "rank(N)", "shape(d0, d1, ...)", "one_of(...)",
    ]
}
