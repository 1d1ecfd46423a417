/// Matches patterns against terms of a graph, binding metavariables; on failure, says why (for
/// "why not" reports) as a ``MismatchReason``.
struct Matcher {
    let graph: TermGraph
    let vocabulary: Vocabulary
    let printer: TermPrinter
    /// The static shape of a term, when known (for `rank` and `shape` constraints).
    let shapeOf: (TermID) -> [Int?]?

    /// Matches `pattern` against `term`, extending `bindings`: the bindings on success, else the
    /// first reason it fails.
    func match(_ pattern: Pattern, _ term: TermID, _ bindings: Bindings = [:]) -> MatchOutcome {
        var trial = bindings
        do throws(MismatchReason) {
            try bind(pattern, term, &trial)
            return .matched(trial)
        } catch {
            return .failed(error)
        }
    }

    private func bind(_ pattern: Pattern, _ term: TermID, _ bindings: inout Bindings) throws(MismatchReason) {
        switch pattern {
        case .metavariable(let name):
            if let bound = bindings[name] {
                guard bound == term else {
                    throw .conflictingBinding(
                        metavariable: name, bound: printer.text(bound), found: printer.text(term))
                }
                return
            }
            bindings[name] = term
        case .constant(let literal):
            guard case .constant(let other) = graph[term], Self.sameConstant(literal, other) else {
                throw .expectedConstant(literal, found: printer.text(term))
            }
        case .symbol(let name):
            guard graph[term] == .symbol(name) else { throw .expectedName(name, found: printer.text(term)) }
        case .variable(let name):
            guard graph[term] == .variable(name) else { throw .expectedName(name, found: printer.text(term)) }
        case .apply(let head, let arguments, let keywords):
            guard case .apply(let termHead, let termArguments, let termKeywords) = graph[term],
                termHead == head || (Self.sequences.contains(head) && Self.sequences.contains(termHead))
            else {
                throw .expectedCall(head: head, found: printer.text(term))
            }
            var trial = bindings
            do throws(MismatchReason) {
                try bindArguments(arguments, termArguments, &trial)
            } catch {
                guard vocabulary.commutative.contains(head), arguments.count == 2, termArguments.count == 2 else {
                    throw error
                }
                trial = bindings
                do throws(MismatchReason) {
                    try bindArguments(arguments, termArguments.reversed(), &trial)
                } catch _ {
                    throw error
                }
            }
            try bindKeywords(keywords, termKeywords, head: head, &trial)
            bindings = trial
        }
    }

    private func bindArguments(
        _ patterns: [Pattern], _ terms: [TermID], _ bindings: inout Bindings
    ) throws(MismatchReason) {
        guard patterns.count == terms.count else {
            throw .argumentCount(expected: patterns.count, found: terms.count)
        }
        for (index, (pattern, term)) in zip(patterns, terms).enumerated() {
            do throws(MismatchReason) {
                try bind(pattern, term, &bindings)
            } catch {
                throw .argument(position: index + 1, error)
            }
        }
    }

    /// A pattern keyword absent from the term matches the parameter's default; a term keyword
    /// the pattern does not mention fails (it is not the default, or it would have been dropped).
    private func bindKeywords(
        _ patterns: [PatternKeyword], _ terms: [TermKeyword], head: String, _ bindings: inout Bindings
    ) throws(MismatchReason) {
        for keyword in patterns {
            if let term = terms.first(where: { $0.name == keyword.name }) {
                do throws(MismatchReason) {
                    try bind(keyword.value, term.value, &bindings)
                } catch {
                    throw .keyword(name: keyword.name, error)
                }
                continue
            }
            guard let defaultValue = vocabulary.signature(of: head)?.defaultValue(of: keyword.name),
                let term = defaultValue.instantiate(in: graph, bindings: [:])
            else { throw .keywordMissing(name: keyword.name) }
            do throws(MismatchReason) {
                try bind(keyword.value, term, &bindings)
            } catch {
                throw .keywordDefault(name: keyword.name, error)
            }
        }
        let mentioned = Set(patterns.map(\.name))
        if let extra = terms.first(where: { !mentioned.contains($0.name) }) {
            throw .unexpectedKeyword(name: extra.name, value: printer.text(extra.value))
        }
    }

    /// `1` matches `1.0`, as Python's `==` says; `True` is not `1` here, to keep flags apart.
    /// A list and a tuple match each other: the engine folds a Python list to a tuple, and a rule
    /// author writes either.
    static let sequences: Set<String> = ["py.list", "py.tuple"]

    static func sameConstant(_ left: Literal, _ right: Literal) -> Bool {
        switch (left, right) {
        case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
        default: return left == right
        }
    }

    /// Checks `where` constraints on what a match bound: the bindings when all hold, else the
    /// first that does not.
    func check(_ constraints: [Constraint], _ bindings: Bindings) -> MatchOutcome {
        for constraint in constraints {
            guard let term = bindings[constraint.metavariable] else {
                return .failed(.unboundConstraint(metavariable: constraint.metavariable))
            }
            if !holds(constraint.kind, term) {
                return .failed(
                    .constraintFails(metavariable: constraint.metavariable, constraint.kind, found: printer.text(term)))
            }
        }
        return .matched(bindings)
    }

    /// Matches `pattern`, then checks `constraints` on its bindings.
    func match(_ pattern: Pattern, _ term: TermID, where constraints: [Constraint]) -> MatchOutcome {
        switch match(pattern, term) {
        case .matched(let bindings): return check(constraints, bindings)
        case .failed(let reason): return .failed(reason)
        }
    }

    private func holds(_ kind: Constraint.Kind, _ term: TermID) -> Bool {
        let literal = graph.literal(of: term)
        switch kind {
        case .int: if case .int? = literal { return true } else { return false }
        case .float: if case .float? = literal { return true } else { return false }
        case .number: return literal?.number != nil && literal != .bool(true) && literal != .bool(false)
        case .constant: return literal != nil || isConstantDisplay(term)
        case .string: if case .string? = literal { return true } else { return false }
        case .bool: if case .bool? = literal { return true } else { return false }
        case .none: return literal == Literal.none
        case .tensor: return literal == nil && !isConstantDisplay(term)
        case .positive: return (literal?.number ?? 0) > 0
        case .negative: return (literal?.number ?? 0) < 0
        case .nonzero: return (literal?.number).map { $0 != 0 } ?? false
        case .ints: return ints(term) != nil
        case .numbers: return graph.head(of: term) != nil && isConstantDisplay(term)
        case .nestedNumbers:
            return (RewriteHelpers.numberArray(term, in: graph)?.shape.count ?? 0) >= 2
        case .rank(let rank): return shapeOf(term)?.count == rank
        case .shape(let dims):
            guard let shape = shapeOf(term), shape.count == dims.count else { return false }
            return zip(shape, dims).allSatisfy { $1 == nil || $0 == $1 }
        case .oneOf(let literals):
            return literal.map { value in literals.contains { Self.sameConstant($0, value) } } ?? false
        }
    }

    private func isConstantDisplay(_ term: TermID) -> Bool {
        guard let head = graph.head(of: term), head == "py.tuple" || head == "py.list" else { return false }
        return graph.children(of: term).allSatisfy { graph.literal(of: $0) != nil || isConstantDisplay($0) }
    }

    /// One int, or a tuple/list of ints.
    func ints(_ term: TermID) -> [Int]? {
        if case .int(let value)? = graph.literal(of: term) { return [value] }
        guard let head = graph.head(of: term), head == "py.tuple" || head == "py.list" else { return nil }
        var values: [Int] = []
        for child in graph.children(of: term) {
            guard case .int(let value)? = graph.literal(of: child) else { return nil }
            values.append(value)
        }
        return values
    }
}
