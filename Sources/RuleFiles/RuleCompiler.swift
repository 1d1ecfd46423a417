import PythonAST
import Rewrite

/// Turns rule file specs into a vocabulary and compiled rules, reporting every problem with the
/// place it was written: pattern syntax, unbound metavariables, unknown or misused ops and
/// constraints. A rule with an error is left out; the others still compile.
struct RuleCompiler {
    var vocabulary: Vocabulary
    private(set) var rules: [Rule] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var order = 0

    init(coreOps: [String: Signature]) {
        vocabulary = Vocabulary()
        vocabulary.coreOps = coreOps
    }

    /// Adds a file's aliases and signatures; later files override earlier ones.
    mutating func addDeclarations(_ spec: RuleFileSpec, lines: [Substring]) {
        for (name, target) in spec.aliases { vocabulary.aliases[name.value] = target.value }
        for (path, parameters) in spec.signatures {
            do {
                vocabulary.signatures[vocabulary.resolve(path.value)] = try Signature.parse(parameters.value)
            } catch {
                report(spec.file, lines, parameters, .signatureSyntax, error.message)
            }
        }
    }

    /// Compiles a file's rules (after every file's declarations are in).
    mutating func addRules(_ spec: RuleFileSpec, lines: [Substring], isBuiltIn: Bool) {
        for ruleSpec in spec.rules {
            order += 1
            if let rule = compile(ruleSpec, file: spec.file, lines: lines, isBuiltIn: isBuiltIn) { rules.append(rule) }
        }
    }

    private mutating func compile(_ spec: RuleSpec, file: String, lines: [Substring], isBuiltIn: Bool) -> Rule? {
        let matcher = PatternBuilder(vocabulary: vocabulary, mode: .match)
        let rewriter = PatternBuilder(vocabulary: vocabulary, mode: .rewrite)
        var patterns: [Pattern] = []
        var failed = false
        for match in spec.matches {
            guard let expression = parse(match, file: file, lines: lines) else {
                failed = true
                continue
            }
            let pattern = matcher.build(expression)
            guard pattern.indexKey != nil else {
                report(
                    file, lines, match, .patternRoot,
                    "a pattern must be a call, an operator or a module constant, not '\(match.value)'")
                failed = true
                continue
            }
            patterns.append(pattern)
        }
        guard let rewriteExpression = parse(spec.rewrite, file: file, lines: lines) else { return nil }
        let rewrite = rewriter.build(rewriteExpression)
        let constraints = compileConstraints(spec, file: file, lines: lines, failed: &failed)
        let rule: Rule?
        do throws(RuleError) {
            rule = try Rule(
                id: spec.id.value, patterns: patterns, constraints: constraints, rewrite: rewrite,
                priority: spec.priority,
                approximation: spec.approximation.map {
                    Rule.Approximation(maxAbsoluteError: $0.maxAbsoluteError, domain: $0.domain)
                },
                description: spec.description, refusal: spec.refusal?.value,
                origin: Rule.Origin(
                    file: file, line: spec.line, column: spec.column, isBuiltIn: isBuiltIn, order: order))
        } catch {
            reportUnbound(error, spec: spec, file: file, lines: lines)
            rule = nil
        }
        failed = !checkRewriteOps(rewrite, spec: spec, file: file, lines: lines) || failed
        guard !failed, !patterns.isEmpty else { return nil }
        return rule
    }

    /// An unbound metavariable of the rewrite is reported on the rewrite, one of `where` on the id.
    private mutating func reportUnbound(_ error: RuleError, spec: RuleSpec, file: String, lines: [Substring]) {
        guard case .unboundMetavariables(let unbound) = error else { return }
        for metavariable in unbound {
            switch metavariable.use {
            case .rewrite:
                report(
                    file, lines, spec.rewrite, .unboundMetavariable,
                    "$\(metavariable.name) is not bound by the pattern \(spec.matches.first?.value ?? "")")
            case .constraint:
                report(
                    file, lines, spec.id, .unboundMetavariable,
                    "where $\(metavariable.name): the pattern does not bind it")
            }
        }
    }

    /// Every op a rewrite produces must be a core op (or a helper, or a tuple/list of attribute
    /// values), called with the operands and attributes the catalog gives it.
    private mutating func checkRewriteOps(_ rewrite: Pattern, spec: RuleSpec, file: String, lines: [Substring]) -> Bool
    {
        var valid = true
        for (head, arity, keywords) in rewrite.heads {
            // Python forms (`$z[:, :1]`) are fine: the engine rewrites a rewrite's result again.
            if head.hasPrefix("py.") { continue }
            if let helperArity = RewriteHelpers.arity(of: head) {
                if arity != helperArity || !keywords.isEmpty {
                    report(file, lines, spec.rewrite, .opArity, "\(head) takes \(helperArity) operands")
                    valid = false
                }
                continue
            }
            guard let signature = vocabulary.coreOps[head] else {
                report(
                    file, lines, spec.rewrite, .unknownOp,
                    "'\(head)' is not a core op (see Rules/README.md for the catalog)")
                valid = false
                continue
            }
            let variadic =
                signature.parameters.prefix(signature.positionalCount).contains(where: \.isVariadic)
                || signature.parameters.first?.isVariadic == true
            if !variadic && arity != signature.positionalCount {
                report(
                    file, lines, spec.rewrite, .opArity,
                    "\(head) takes \(signature.positionalCount) operands, given \(arity)")
                valid = false
            }
            let attributes = Set(signature.parameters.dropFirst(signature.positionalCount).map(\.name))
            for keyword in keywords where !attributes.contains(keyword) {
                report(
                    file, lines, spec.rewrite, .opAttribute,
                    "\(head) has no attribute '\(keyword)' (it has: \(attributes.sorted().joined(separator: ", ")))")
                valid = false
            }
        }
        return valid
    }

    private mutating func compileConstraints(
        _ spec: RuleSpec, file: String, lines: [Substring], failed: inout Bool
    ) -> [Constraint] {
        var result: [Constraint] = []
        for (metavariable, text) in spec.constraints {
            guard let kind = ConstraintText.parse(text.value) else {
                report(
                    file, lines, text, .whereConstraint,
                    "unknown constraint '\(text.value)' (known: \(Constraint.names.joined(separator: ", ")))")
                failed = true
                continue
            }
            result.append(Constraint(metavariable.value, kind))
        }
        return result
    }

    /// Parses an expression written in a rule file, placing syntax errors in the file.
    mutating func parse(_ text: Located<String>, file: String, lines: [Substring]) -> Expression? {
        do {
            return try ExpressionParser.parse(text.value)
        } catch {
            var place = text
            if error.line == 1 {
                place.column += text.textOffset + error.column - 1
            } else {
                place.line += error.line - 1
                place.column = error.column
            }
            place.textOffset = 0
            report(file, lines, place, .patternSyntax, error.message)
            return nil
        }
    }

    mutating func report(
        _ file: String, _ lines: [Substring], _ place: Located<String>, _ check: LintCheck, _ message: String
    ) {
        diagnostics.append(
            Diagnostic(check, message, file: file, line: place.line, column: place.column, lines: lines))
    }
}
