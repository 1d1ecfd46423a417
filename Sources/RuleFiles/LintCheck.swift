/// One check `delambda lint` runs on rule files: the registry below is the one place a check's
/// id, default severity and summary are written, so diagnostics, SARIF's rule metadata and the
/// list in `Rules/README.md` cannot disagree.
public struct LintCheck: Hashable, Sendable {
    /// What `[check-id]` prints and SARIF's `ruleId` holds.
    public let id: String
    /// The severity its findings have unless the finding says otherwise (a user rule reusing a
    /// built-in id is only a warning, a rule test that does not use its rule too).
    public let severity: Diagnostic.Severity
    /// One line: what a finding of this check means.
    public let summary: String

    init(_ id: String, _ severity: Diagnostic.Severity, _ summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }

    // MARK: - Reading the YAML

    static let yamlSyntax = LintCheck("yaml-syntax", .error, "The file is not well-formed YAML.")
    static let schema = LintCheck(
        "schema", .error,
        "The YAML does not have a rule file's shape: an unknown or missing key, a value of the wrong kind.")

    // MARK: - Compiling the rules

    static let signatureSyntax = LintCheck(
        "signature-syntax", .error, "A signature is not a Python parameter list such as `(x, axis=None)`.")
    static let patternSyntax = LintCheck(
        "pattern-syntax", .error, "A `match` or `rewrite` is not a Python expression.")
    static let patternRoot = LintCheck(
        "pattern-root", .error,
        "A pattern is not a call, an operator or a module constant, so no rule index can hold it.")
    static let unboundMetavariable = LintCheck(
        "unbound-metavariable", .error, "The `rewrite` or `where` uses a metavariable the pattern does not bind.")
    static let whereConstraint = LintCheck(
        "where-constraint", .error, "A `where` constraint is not one the engine knows.")
    static let unknownOp = LintCheck("unknown-op", .error, "The rewrite produces an op that is not a core op.")
    static let opArity = LintCheck(
        "op-arity", .error, "A core op or helper in the rewrite is given the wrong number of operands.")
    static let opAttribute = LintCheck(
        "op-attribute", .error, "A core op in the rewrite is given an attribute it does not have.")

    // MARK: - Linting the rule set

    static let duplicateID = LintCheck(
        "duplicate-id", .error, "A rule id is used twice (a warning when a user rule takes a built-in rule's id).")
    static let noTests = LintCheck("no-tests", .warning, "A rule has no tests.")
    static let shadowed = LintCheck(
        "shadowed", .warning, "A rule never fires: an earlier rule without constraints matches all it matches.")
    static let loop = LintCheck(
        "loop", .error, "Rewriting what a rule matches comes back to it, or does not end.")
    static let unusedSignature = LintCheck(
        "unused-signature", .warning, "No rule matches a call of the function a signature declares.")
    static let unusedAlias = LintCheck("unused-alias", .warning, "No rule matches anything under an alias's module.")
    static let ruleTest = LintCheck(
        "rule-test", .error,
        "A rule's own test fails: its `in` does not reach its `out`, or misses TensorFlow's recorded outputs (a warning when the test does not use its rule or has no recording)."
    )

    /// Every check, in the order lint runs them.
    public static let all: [LintCheck] = [
        yamlSyntax, schema, signatureSyntax, patternSyntax, patternRoot, unboundMetavariable, whereConstraint,
        unknownOp, opArity, opAttribute, duplicateID, noTests, shadowed, loop, unusedSignature, unusedAlias, ruleTest,
    ]

    /// The check with this id, if there is one.
    public static func named(_ id: String) -> LintCheck? { all.first { $0.id == id } }
}
