import PythonAST
import Rewrite

/// `delambda lint`: every check on rule files beyond what compiling them finds (duplicate ids,
/// rules without tests, shadowed rules, rule sets that loop, unused aliases and signatures), and
/// each rule's own tests run through the engine.
public struct RuleLinter {
    public let library: RuleLibrary
    /// Files whose findings are reported (the others, the built-in library, only take part).
    public let linted: Set<String>
    /// Recorded TensorFlow outputs for numeric tests, by rule file name.
    public let recordings: [String: NumericRecordings]

    public init(library: RuleLibrary, linted: Set<String>, recordings: [String: NumericRecordings] = [:]) {
        self.library = library
        self.linted = linted
        self.recordings = recordings
    }

    /// All findings, errors first, then by file and line.
    /// - Parameter ruleTests: whether to run each rule's own tests too (a test suite that runs
    ///   them rule by rule, with ``ruleTestFindings(ofRule:)``, leaves them out here).
    public func run(ruleTests: Bool = true) -> [Diagnostic] {
        var found = library.diagnostics
        found += duplicateIDs() + missingTests() + shadowedRules() + loops() + unusedDeclarations()
        if ruleTests { found += RuleTestRunner(library: library, recordings: recordings).run(files: linted) }
        return found.filter { linted.contains($0.file) }.sorted { left, right in
            (left.file, left.line, left.column, left.severity) < (right.file, right.line, right.column, right.severity)
        }
    }

    /// The findings of the tests of the rule `id` (in the linted files), so that a failure is
    /// reported against its rule.
    public func ruleTestFindings(ofRule id: String) -> [Diagnostic] {
        RuleTestRunner(library: library, recordings: recordings).run(files: linted, rule: id)
    }

    private var specs: [(source: RuleSource, spec: RuleFileSpec)] {
        library.files.compactMap { file in file.spec.map { (file.source, $0) } }
    }

    private func diagnostic(
        _ check: LintCheck, _ message: String, file: String, line: Int, column: Int,
        severity: Diagnostic.Severity? = nil
    ) -> Diagnostic {
        let text = library.files.first { $0.source.name == file }?.source.text ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return Diagnostic(check, message, file: file, line: line, column: column, lines: lines, severity: severity)
    }

    private func duplicateIDs() -> [Diagnostic] {
        var first: [String: (file: String, line: Int)] = [:]
        var found: [Diagnostic] = []
        for (source, spec) in specs {
            for rule in spec.rules {
                if let earlier = first[rule.id.value] {
                    let severity: Diagnostic.Severity =
                        source.isBuiltIn == false && earlier.file.hasPrefix("Rules/") ? .warning : .error
                    found.append(
                        diagnostic(
                            .duplicateID,
                            "rule id '\(rule.id.value)' is already used at \(earlier.file):\(earlier.line)",
                            file: source.name, line: rule.id.line, column: rule.id.column, severity: severity))
                } else {
                    first[rule.id.value] = (source.name, rule.id.line)
                }
            }
        }
        return found
    }

    private func missingTests() -> [Diagnostic] {
        specs.flatMap { source, spec in
            spec.rules.filter(\.tests.isEmpty).map { rule in
                diagnostic(
                    .noTests, "rule '\(rule.id.value)' has no tests", file: source.name, line: rule.id.line,
                    column: rule.id.column)
            }
        }
    }

    /// A rule never fires when an earlier rule without constraints matches everything it matches.
    private func shadowedRules() -> [Diagnostic] {
        let rules = library.ruleSet.rules
        var found: [Diagnostic] = []
        for (index, rule) in rules.enumerated() {
            for pattern in rule.patterns {
                let graph = TermGraph()
                let fresh = Dictionary(
                    uniqueKeysWithValues: pattern.metavariables.map { ($0, graph.intern(.variable("$" + $0))) })
                guard let term = pattern.instantiate(in: graph, bindings: fresh), let head = pattern.indexKey else {
                    continue
                }
                let earlier = rules.prefix(index).first { other in
                    other.constraints.isEmpty
                        && other.patterns.contains { candidate in
                            candidate.indexKey == head && library.vocabulary.matches(candidate, term, in: graph)
                        }
                }
                if let earlier {
                    found.append(
                        diagnostic(
                            .shadowed,
                            "rule '\(rule.id)' never fires: '\(earlier.id)' (\(earlier.origin.file):\(earlier.origin.line)) matches all it matches first",
                            file: rule.origin.file, line: rule.origin.line, column: rule.origin.column))
                    break
                }
            }
        }
        return found
    }

    /// Rewrites that the rule set takes back, or grows without end, found by rewriting each rule's
    /// own result with its metavariables as fresh tensors.
    private func loops() -> [Diagnostic] {
        var found: [Diagnostic] = []
        for rule in library.ruleSet.rules where linted.contains(rule.origin.file) {
            let graph = TermGraph()
            guard let pattern = rule.patterns.first else { continue }
            let fresh = Dictionary(
                uniqueKeysWithValues: pattern.metavariables.map { ($0, graph.intern(.variable("$" + $0))) })
            guard let start = pattern.instantiate(in: graph, bindings: fresh) else { continue }
            let engine = FixpointEngine(
                rules: library.ruleSet, vocabulary: library.vocabulary, graph: graph, options: .init(stepLimit: 500))
            switch engine.run(start).stop {
            case .cycle(let rules):
                found.append(
                    diagnostic(
                        .loop,
                        "rewriting what '\(rule.id)' matches comes back to it: rules \(rules.joined(separator: ", ")) loop",
                        file: rule.origin.file, line: rule.origin.line, column: rule.origin.column))
            case .stepLimit(let steps):
                found.append(
                    diagnostic(
                        .loop, "rewriting what '\(rule.id)' matches does not end (\(steps) steps)",
                        file: rule.origin.file, line: rule.origin.line, column: rule.origin.column))
            default:
                break
            }
        }
        return found
    }

    /// Aliases and signatures no rule uses: likely a typo in a module path.
    private func unusedDeclarations() -> [Diagnostic] {
        let heads = Set(library.ruleSet.rules.flatMap { $0.patterns.flatMap(\.heads).map(\.head) })
        let symbols = library.ruleSet.rules.flatMap { $0.patterns.flatMap(\.symbols) }
        let used = heads.union(symbols)
        var found: [Diagnostic] = []
        for (source, spec) in specs {
            for (path, _) in spec.signatures {
                let resolved = library.vocabulary.resolve(path.value)
                if !used.contains(resolved) {
                    found.append(
                        diagnostic(
                            .unusedSignature, "no rule matches a call of \(resolved)", file: source.name,
                            line: path.line, column: path.column))
                }
            }
            for (name, target) in spec.aliases {
                let prefix = library.vocabulary.resolve(target.value)
                if !used.contains(where: { $0 == prefix || $0.hasPrefix(prefix + ".") }) {
                    found.append(
                        diagnostic(
                            .unusedAlias, "no rule matches anything under \(prefix) (alias '\(name.value)')",
                            file: source.name, line: name.line, column: name.column))
                }
            }
        }
        return found
    }
}

extension Pattern {
    /// Every symbol in the tree (module constants such as `tensorflow.float32`).
    var symbols: [String] {
        switch self {
        case .symbol(let name): return [name]
        case .apply(_, let arguments, let keywords):
            return arguments.flatMap(\.symbols) + keywords.flatMap(\.value.symbols)
        default: return []
        }
    }
}
