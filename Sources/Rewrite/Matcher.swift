/// Matches patterns against terms of a graph, binding metavariables; on failure, says why (for
/// "why not" reports).
struct Matcher {
    let graph: TermGraph
    let vocabulary: Vocabulary
    let printer: TermPrinter
    /// The static shape of a term, when known (for `rank` and `shape` constraints).
    let shapeOf: (TermID) -> [Int?]?

    /// Binds `pattern` to `term`; nil on success, else the first reason it fails.
    func match(_ pattern: Pattern, _ term: TermID, _ bindings: inout [String: TermID]) -> String? {
        switch pattern {
        case .metavariable(let name):
            if let bound = bindings[name] {
                return bound == term ? nil : "$\(name) is \(printer.text(bound)) here but \(printer.text(term)) there"
            }
            bindings[name] = term
            return nil
        case .constant(let literal):
            guard case .constant(let other) = graph[term], Self.sameConstant(literal, other) else {
                return "expected \(literal), found \(printer.text(term))"
            }
            return nil
        case .symbol(let name):
            return graph[term] == .symbol(name) ? nil : "expected \(name), found \(printer.text(term))"
        case .variable(let name):
            return graph[term] == .variable(name) ? nil : "expected \(name), found \(printer.text(term))"
        case .apply(let head, let arguments, let keywords):
            guard case .apply(let termHead, let termArguments, let termKeywords) = graph[term], termHead == head else {
                return "expected \(head)(...), found \(printer.text(term))"
            }
            var trial = bindings
            if let failure = matchArguments(arguments, termArguments, &trial) {
                guard vocabulary.commutative.contains(head), arguments.count == 2, termArguments.count == 2 else {
                    return failure
                }
                trial = bindings
                if matchArguments(arguments, termArguments.reversed(), &trial) != nil { return failure }
            }
            if let failure = matchKeywords(keywords, termKeywords, head: head, &trial) { return failure }
            bindings = trial
            return nil
        }
    }

    private func matchArguments(
        _ patterns: [Pattern], _ terms: [TermID], _ bindings: inout [String: TermID]
    ) -> String? {
        guard patterns.count == terms.count else {
            return "expected \(patterns.count) arguments, found \(terms.count)"
        }
        for (index, (pattern, term)) in zip(patterns, terms).enumerated() {
            if let failure = match(pattern, term, &bindings) { return "argument \(index + 1): \(failure)" }
        }
        return nil
    }

    /// A pattern keyword absent from the term matches the parameter's default; a term keyword
    /// the pattern does not mention fails (it is not the default, or it would have been dropped).
    private func matchKeywords(
        _ patterns: [PatternKeyword], _ terms: [TermKeyword], head: String, _ bindings: inout [String: TermID]
    ) -> String? {
        for keyword in patterns {
            if let term = terms.first(where: { $0.name == keyword.name }) {
                if let failure = match(keyword.value, term.value, &bindings) { return "\(keyword.name)=: \(failure)" }
                continue
            }
            guard let defaultValue = vocabulary.signature(of: head)?.defaultValue(of: keyword.name),
                let term = defaultValue.instantiate(in: graph, bindings: [:])
            else { return "\(keyword.name)= is not given" }
            if let failure = match(keyword.value, term, &bindings) { return "\(keyword.name)= (default): \(failure)" }
        }
        let mentioned = Set(patterns.map(\.name))
        if let extra = terms.first(where: { !mentioned.contains($0.name) }) {
            return "unexpected \(extra.name)=\(printer.text(extra.value))"
        }
        return nil
    }

    /// `1` matches `1.0`, as Python's `==` says; `True` is not `1` here, to keep flags apart.
    static func sameConstant(_ left: Literal, _ right: Literal) -> Bool {
        switch (left, right) {
        case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
        default: return left == right
        }
    }

    /// Checks `where` constraints; nil when all hold.
    func check(_ constraints: [Constraint], _ bindings: [String: TermID]) -> String? {
        for constraint in constraints {
            guard let term = bindings[constraint.metavariable] else {
                return "$\(constraint.metavariable) is not bound"
            }
            if !holds(constraint.kind, term) {
                return "where $\(constraint.metavariable): \(constraint.kind) does not hold for \(printer.text(term))"
            }
        }
        return nil
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
