import YAML

/// A text from a rule file and where it was written.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var line: Int
    public var column: Int
    /// Columns between the node's mark and its text (1 for a quoted scalar's opening quote).
    public var textOffset: Int

    public init(_ value: Value, line: Int, column: Int, textOffset: Int = 0) {
        self.value = value
        self.line = line
        self.column = column
        self.textOffset = textOffset
    }
}

/// A rule file as written: the YAML's shape, checked against the schema, before any pattern is
/// parsed. (The compiled form is ``Rewrite/Rule``.)
public struct RuleFileSpec: Hashable, Sendable {
    public var file: String
    public var aliases: [(name: Located<String>, target: Located<String>)]
    public var signatures: [(path: Located<String>, parameters: Located<String>)]
    public var rules: [RuleSpec]

    public static func == (lhs: RuleFileSpec, rhs: RuleFileSpec) -> Bool {
        lhs.file == rhs.file && lhs.rules == rhs.rules && lhs.aliases.map(\.name) == rhs.aliases.map(\.name)
            && lhs.signatures.map(\.path) == rhs.signatures.map(\.path)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(rules)
    }
}

/// One rule as written.
public struct RuleSpec: Hashable, Sendable {
    public var id: Located<String>
    public var matches: [Located<String>]
    /// `$a: int`, `$a: [int, positive]`: metavariable (without `$`) and constraint texts.
    public var constraints: [(metavariable: Located<String>, constraint: Located<String>)]
    public var rewrite: Located<String>
    /// `refuse: "reason"` in place of `rewrite`: what the rule matches is not convertible, for
    /// that reason.
    public var refusal: Located<String>? = nil
    public var priority: Int
    public var description: String?
    public var approximation: ApproximationSpec?
    public var tests: [RuleTestSpec]
    public var line: Int
    public var column: Int

    public static func == (lhs: RuleSpec, rhs: RuleSpec) -> Bool {
        lhs.id == rhs.id && lhs.matches == rhs.matches && lhs.rewrite == rhs.rewrite && lhs.refusal == rhs.refusal
            && lhs.tests == rhs.tests
            && lhs.constraints.map(\.metavariable) == rhs.constraints.map(\.metavariable)
            && lhs.constraints.map(\.constraint) == rhs.constraints.map(\.constraint) && lhs.priority == rhs.priority
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(rewrite)
    }
}

/// `approximate: {max_abs_error: 1e-3, domain: [-4, 4]}`.
public struct ApproximationSpec: Hashable, Sendable {
    public var maxAbsoluteError: Double
    public var domain: ClosedRange<Double>
    public var line: Int
    public var column: Int
}

/// One of a rule's `tests`: a lambda in, and the normal form out (or a numeric comparison).
public struct RuleTestSpec: Hashable, Sendable {
    public var input: Located<String>
    /// The expected normal form, in core-op syntax.
    public var output: Located<String>?
    /// Compare the rewrite's reference evaluation with outputs recorded from TensorFlow.
    public var numeric: Bool
    /// Static shapes of the lambda's parameters (`{x: [null, 4]}`), for shape constraints.
    public var shapes: [String: [Int?]]
    public var line: Int
    public var column: Int
}
