import YAML

/// Reads a rule file's YAML into a ``RuleFileSpec``, reporting every schema problem (unknown or
/// missing keys, wrong types) with its line and column instead of stopping at the first.
public struct RuleFileReader {
    let file: String
    let lines: [Substring]
    private(set) var diagnostics: [Diagnostic] = []

    /// Reads `text`, the contents of `file`.
    /// - Returns: the spec (nil when the YAML itself is unreadable) and the diagnostics.
    public static func read(_ text: String, file: String) -> (spec: RuleFileSpec?, diagnostics: [Diagnostic]) {
        var reader = RuleFileReader(file: file, lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            reader.report(error.mark.line, error.mark.column, .yamlSyntax, error.message)
            return (nil, reader.diagnostics)
        }
        var spec = RuleFileSpec(file: file, aliases: [], signatures: [], rules: [])
        guard let root else {
            reader.report(1, 1, .schema, "empty rule file", severity: .warning)
            return (spec, reader.diagnostics)
        }
        guard let pairs = root.mapping else {
            reader.report(root.mark, .schema, "a rule file is a mapping with aliases, signatures and rules")
            return (spec, reader.diagnostics)
        }
        for pair in pairs {
            guard let key: RuleFileKey.TopLevel = reader.key(pair, in: "a rule file") else { continue }
            switch key {
            case .aliases: spec.aliases = reader.stringPairs(pair.value, what: "aliases")
            case .signatures: spec.signatures = reader.stringPairs(pair.value, what: "signatures")
            case .rules: spec.rules = reader.rules(pair.value)
            }
        }
        return (spec, reader.diagnostics)
    }

    // MARK: - Sections

    private mutating func rules(_ node: YAMLNode) -> [RuleSpec] {
        guard let items = node.sequence else {
            report(node.mark, .schema, "rules must be a list")
            return []
        }
        var result: [RuleSpec] = []
        for item in items { if let spec = rule(item) { result.append(spec) } }
        return result
    }

    private mutating func rule(_ node: YAMLNode) -> RuleSpec? {
        guard let pairs = node.mapping else {
            report(node.mark, .schema, "a rule must be a mapping with id, match and rewrite")
            return nil
        }
        var spec = RuleSpec(
            id: Located("", line: node.mark.line, column: node.mark.column), matches: [], constraints: [],
            rewrite: Located("", line: node.mark.line, column: node.mark.column), priority: 0, description: nil,
            approximation: nil, tests: [], line: node.mark.line, column: node.mark.column)
        var seen: Set<RuleFileKey.Rule> = []
        for pair in pairs {
            guard let key: RuleFileKey.Rule = key(pair, in: "a rule") else { continue }
            seen.insert(key)
            let value = pair.value
            switch key {
            case .id: spec.id = text(value, what: "id") ?? spec.id
            case .match: spec.matches = texts(value, what: "match")
            case .where: spec.constraints = constraints(value)
            case .rewrite: spec.rewrite = text(value, what: "rewrite") ?? spec.rewrite
            case .refuse: spec.refusal = text(value, what: "refuse")
            case .priority:
                if let priority = value.int {
                    spec.priority = priority
                } else {
                    report(value.mark, .schema, "priority must be an integer")
                }
            case .description: spec.description = text(value, what: "description")?.value
            case .approximate: spec.approximation = approximation(value)
            case .tests: spec.tests = tests(value)
            }
        }
        let required: [RuleFileKey.Rule] = [.id, .match]
        for key in required where !seen.contains(key) {
            report(node.mark, .schema, "a rule needs '\(key.rawValue)'")
        }
        // A rule either rewrites what it matches or refuses it with a reason.
        let outcomes = [RuleFileKey.Rule.rewrite, .refuse].filter(seen.contains)
        if outcomes.count != 1 {
            report(
                node.mark, .schema,
                outcomes.isEmpty ? "a rule needs 'rewrite'" : "a rule has 'rewrite' or 'refuse', not both")
        }
        if seen.contains(.refuse) { spec.rewrite = Located("None", line: spec.line, column: spec.column) }
        return required.allSatisfy(seen.contains) && outcomes.count == 1 ? spec : nil
    }

    private mutating func constraints(_ node: YAMLNode) -> [(Located<String>, Located<String>)] {
        guard let pairs = node.mapping else {
            report(node.mark, .schema, "where must be a mapping like {$a: int}")
            return []
        }
        var result: [(Located<String>, Located<String>)] = []
        for pair in pairs {
            guard let name = text(pair.key, what: "a where key") else { continue }
            guard name.value.hasPrefix("$") else {
                report(pair.key.mark, .schema, "where keys are metavariables: '$\(name.value)'")
                continue
            }
            var metavariable = name
            metavariable.value.removeFirst()
            for constraint in texts(pair.value, what: "a constraint") { result.append((metavariable, constraint)) }
        }
        return result
    }

    private mutating func approximation(_ node: YAMLNode) -> ApproximationSpec? {
        guard let pairs = node.mapping else {
            report(node.mark, .schema, "approximate must be a mapping {max_abs_error, domain}")
            return nil
        }
        var bound: Double?
        var domain: ClosedRange<Double>?
        for pair in pairs {
            guard let key: RuleFileKey.Approximation = key(pair, in: "approximate") else { continue }
            switch key {
            case .maxAbsoluteError:
                bound = pair.value.double
                if bound == nil { report(pair.value.mark, .schema, "max_abs_error must be a number") }
            case .domain:
                if let items = pair.value.sequence, items.count == 2, let low = items[0].double,
                    let high = items[1].double, low <= high
                {
                    domain = low...high
                } else {
                    report(pair.value.mark, .schema, "domain must be [low, high]")
                }
            }
        }
        guard let bound, let domain else {
            report(node.mark, .schema, "approximate needs max_abs_error and domain")
            return nil
        }
        return ApproximationSpec(
            maxAbsoluteError: bound, domain: domain, line: node.mark.line, column: node.mark.column)
    }

    private mutating func tests(_ node: YAMLNode) -> [RuleTestSpec] {
        guard let items = node.sequence else {
            report(node.mark, .schema, "tests must be a list of {in, out} mappings")
            return []
        }
        var result: [RuleTestSpec] = []
        for item in items {
            guard let pairs = item.mapping else {
                report(item.mark, .schema, "a test is a mapping {in: ..., out: ...}")
                continue
            }
            var input: Located<String>?
            var test = RuleTestSpec(
                input: Located("", line: item.mark.line, column: item.mark.column), output: nil, numeric: false,
                shapes: [:], line: item.mark.line, column: item.mark.column)
            for pair in pairs {
                guard let key: RuleFileKey.Test = key(pair, in: "a test") else { continue }
                switch key {
                case .input: input = text(pair.value, what: "in")
                case .output: test.output = text(pair.value, what: "out")
                case .domain:
                    if pair.value.sequence?.compactMap(\.double).count != 2 {
                        report(pair.value.mark, .schema, "domain must be [low, high]")
                    }
                case .numeric:
                    if let flag = pair.value.bool {
                        test.numeric = flag
                    } else {
                        report(pair.value.mark, .schema, "numeric must be true or false")
                    }
                case .shapes: test.shapes = shapes(pair.value)
                }
            }
            guard let input else {
                report(item.mark, .schema, "a test needs 'in'")
                continue
            }
            if test.output == nil && !test.numeric {
                report(item.mark, .schema, "a test needs 'out' or 'numeric: true'")
            }
            test.input = input
            result.append(test)
        }
        return result
    }

    private mutating func shapes(_ node: YAMLNode) -> [String: [Int?]] {
        var result: [String: [Int?]] = [:]
        for pair in node.mapping ?? [] {
            guard let name = pair.key.scalarText, let dims = pair.value.sequence else {
                report(pair.key.mark, .schema, "shapes map parameter names to lists like [null, 4]")
                continue
            }
            result[name] = dims.map { $0.isNull ? nil : $0.int }
        }
        return result
    }
}

extension RuleFileReader {
    // MARK: - Values

    /// The key of a mapping entry, reported when it is not one of `Key`'s.
    mutating func key<Key: RawRepresentable & CaseIterable>(_ pair: YAMLPair, in context: String) -> Key?
    where Key.RawValue == String {
        guard let text = pair.key.scalarText else {
            report(pair.key.mark, .schema, "keys of \(context) must be plain names")
            return nil
        }
        guard let key = Key(rawValue: text) else {
            let known = Key.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            report(pair.key.mark, .schema, "unknown key '\(text)' in \(context) (known: \(known))")
            return nil
        }
        return key
    }

    mutating func text(_ node: YAMLNode, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            report(node.mark, .schema, "\(what) must be a single value")
            return nil
        }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        return Located(scalar.text, line: scalar.mark.line, column: scalar.mark.column, textOffset: quoted ? 1 : 0)
    }

    /// One text or a list of texts.
    mutating func texts(_ node: YAMLNode, what: String) -> [Located<String>] {
        if let items = node.sequence {
            var result: [Located<String>] = []
            for item in items { if let value = text(item, what: what) { result.append(value) } }
            return result
        }
        return text(node, what: what).map { [$0] } ?? []
    }

    mutating func stringPairs(_ node: YAMLNode, what: String) -> [(Located<String>, Located<String>)] {
        guard let pairs = node.mapping else {
            report(node.mark, .schema, "\(what) must be a mapping")
            return []
        }
        var result: [(Located<String>, Located<String>)] = []
        for pair in pairs {
            if let key = text(pair.key, what: "a key of \(what)"), let value = text(pair.value, what: what) {
                result.append((key, value))
            }
        }
        return result
    }

    mutating func report(_ mark: YAMLMark, _ check: LintCheck, _ message: String, severity: Diagnostic.Severity? = nil)
    {
        report(mark.line, mark.column, check, message, severity: severity)
    }

    mutating func report(
        _ line: Int, _ column: Int, _ check: LintCheck, _ message: String, severity: Diagnostic.Severity? = nil
    ) {
        diagnostics.append(
            Diagnostic(check, message, file: file, line: line, column: column, lines: lines, severity: severity))
    }
}
