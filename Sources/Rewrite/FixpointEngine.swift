/// The static shape of core op `head` applied to operands of these shapes with these attributes.
public typealias CoreShapeFunction = (TermGraph, String, [[Int?]], [String: TermID]) -> [Int?]?

/// Rewrites a term to a fixpoint: children first (innermost), constants folded, then the rules
/// indexed by the term's head in priority order; every result is normalized again, and
/// memoized, so a shared subterm is rewritten once.
public final class FixpointEngine {
    public struct Options: Sendable {
        public var stepLimit = 10_000
        /// Refuse rules that declare an approximation.
        public var exact = false
        /// Replace `random_normal` by its mean, for reproducible inference (a VAE's sampling layer
        /// then outputs the latent mean).
        public var deterministicSampling = false

        public init(stepLimit: Int = 10_000, exact: Bool = false, deterministicSampling: Bool = false) {
            self.stepLimit = stepLimit
            self.exact = exact
            self.deterministicSampling = deterministicSampling
        }
    }

    let rules: RuleSet
    let vocabulary: Vocabulary
    let graph: TermGraph
    let options: Options
    /// Static shapes of the variables (inputs), for constraints and the `dim` helper.
    let variableShapes: [String: [Int?]]
    /// Shapes of core-op terms, given the shapes of their operands (from the core-op catalog).
    let coreShape: CoreShapeFunction

    private var memo: [TermID: TermID] = [:]
    private var inProgress: [TermID: Int] = [:]
    private var steps: [RewriteStep] = []
    private var provenance: [TermID: String] = [:]
    private var approximations: [String] = []
    private var stop: StopReason?
    private var shapes: [TermID: [Int?]?] = [:]

    public init(
        rules: RuleSet, vocabulary: Vocabulary, graph: TermGraph, options: Options = Options(),
        variableShapes: [String: [Int?]] = [:],
        coreShape: @escaping CoreShapeFunction = { _, _, _, _ in nil }
    ) {
        self.rules = rules
        self.vocabulary = vocabulary
        self.graph = graph
        self.options = options
        self.variableShapes = variableShapes
        self.coreShape = coreShape
    }

    /// Rewrites `root` until no rule applies (or a limit or cycle stops it).
    public func run(_ root: TermID) -> RewriteResult {
        let result = normalize(root, path: [])
        let residue = stop == nil ? Residue(graph: graph, vocabulary: vocabulary).terms(in: result) : []
        let reason = stop ?? (residue.isEmpty ? .normalForm : .stuck(residue: residue))
        var misses: [TermID: [NearMiss]] = [:]
        for term in residue { misses[term] = nearMisses(term) }
        return RewriteResult(
            graph: graph, root: result, stop: reason, steps: steps, provenance: provenance,
            approximations: approximations, nearMisses: misses)
    }

    private var matcher: Matcher {
        Matcher(
            graph: graph, vocabulary: vocabulary, printer: TermPrinter(graph: graph),
            shapeOf: { [unowned self] in self.shape(of: $0) })
    }

    private func normalize(_ id: TermID, path: [Int]) -> TermID {
        if let done = memo[id] { return done }
        if stop != nil { return id }
        if let entered = inProgress[id] {
            stop = .cycle(rules: Array(Set(steps[entered...].map(\.ruleID))).sorted())
            return id
        }
        inProgress[id] = steps.count
        defer { inProgress[id] = nil }
        var current = rebuiltWithNormalChildren(id, path: path)
        if let folded = TermFolder(graph: graph).fold(current) ?? shapeFolder.fold(current) ?? runHelper(current) {
            current = normalize(folded, path: path)
        } else if let step = nextStep(of: current) {
            steps.append(RewriteStep(ruleID: step.id, path: path, before: current, after: step.result))
            if step.approximates, !approximations.contains(step.id) { approximations.append(step.id) }
            markProvenance(step.result, step.id)
            guard steps.count < options.stepLimit else {
                stop = .stepLimit(steps.count)
                return step.result
            }
            current = normalize(step.result, path: path)
        }
        memo[id] = current
        memo[current] = current
        return current
    }

    private func rebuiltWithNormalChildren(_ id: TermID, path: [Int]) -> TermID {
        guard case .apply(let head, let arguments, let keywords) = graph[id] else { return id }
        let newArguments = arguments.enumerated().map { normalize($1, path: path + [$0]) }
        let newKeywords = keywords.enumerated().map { index, keyword in
            TermKeyword(keyword.name, normalize(keyword.value, path: path + [arguments.count + index]))
        }
        return graph.apply(head, newArguments, canonical(newKeywords, of: head))
    }

    /// Keywords in signature order, those equal to their default left out: a rewrite that spells
    /// out `keepdims=False` gives the same term as one that does not.
    private func canonical(_ keywords: [TermKeyword], of head: String) -> [TermKeyword] {
        guard let signature = vocabulary.signature(of: head), !keywords.isEmpty else { return keywords }
        var result: [TermKeyword] = []
        for parameter in signature.parameters {
            guard let keyword = keywords.first(where: { $0.name == parameter.name }) else { continue }
            if let defaultValue = parameter.defaultValue?.instantiate(in: graph), sameValue(defaultValue, keyword.value)
            {
                continue
            }
            result.append(keyword)
        }
        let known = Set(signature.parameters.map(\.name))
        return (result + keywords.filter { !known.contains($0.name) }).map { TermKeyword($0.name, tupled($0.value)) }
    }

    /// Attribute lists are tuples: `[1, 2]` and `(1, 2)` give the same attribute.
    private func tupled(_ id: TermID) -> TermID {
        guard case .apply(let head, let items, let keywords) = graph[id], head == "py.list" || head == "py.tuple",
            keywords.isEmpty
        else { return id }
        return graph.apply("py.tuple", items.map(tupled))
    }

    /// Equal terms, or numeric constants of equal value (`0` and `0.0`).
    private func sameValue(_ left: TermID, _ right: TermID) -> Bool {
        if left == right { return true }
        guard let a = graph.literal(of: left), let b = graph.literal(of: right) else { return false }
        return Matcher.sameConstant(a, b)
    }

    /// The step to take on a normalized term: `--deterministic-sampling`'s replacement of noise
    /// by its mean, else the first rule that rewrites it; the id recorded for it and whether it
    /// approximates.
    private func nextStep(of id: TermID) -> (id: String, approximates: Bool, result: TermID)? {
        if options.deterministicSampling, let mean = SamplingMean.replacement(of: id, in: graph) {
            return (SamplingMean.stepID, false, mean)
        }
        guard let (rule, rewritten) = firstRewrite(of: id) else { return nil }
        return (rule.id, rule.approximation != nil, rewritten)
    }

    /// The first rule (in priority order) that matches and whose constraints hold.
    private func firstRewrite(of id: TermID) -> (Rule, TermID)? {
        guard let key = indexKey(of: id) else { return nil }
        let matcher = self.matcher
        for rule in rules.candidates(for: key) where !(options.exact && rule.approximation != nil) {
            for pattern in rule.patterns {
                guard case .matched(let bindings) = matcher.match(pattern, id, where: rule.constraints) else {
                    continue
                }
                // A refusal ends the search: the term stays, and its near misses say why.
                if rule.refusal != nil { return nil }
                guard let rewritten = rule.rewrite.instantiate(in: graph, bindings: bindings) else { continue }
                if rewritten == id { continue }
                return (rule, rewritten)
            }
        }
        return nil
    }

    private func indexKey(of id: TermID) -> String? {
        switch graph[id] {
        case .apply(let head, _, _): return head
        case .symbol(let name): return "=" + name
        default: return nil
        }
    }

    private var shapeFolder: ShapeFolder {
        ShapeFolder(graph: graph, shapeOf: { [unowned self] in self.shape(of: $0) })
    }

    private func runHelper(_ id: TermID) -> TermID? {
        guard case .apply(let head, let arguments, let keywords) = graph[id], keywords.isEmpty,
            let helper = RewriteHelpers.helper(named: head), RewriteHelpers.arity(of: head) == arguments.count
        else { return nil }
        let context = RewriteHelpers.HelperContext(
            graph: graph, ints: { [unowned self] in self.matcher.ints($0) },
            shapeOf: { [unowned self] in self.shape(of: $0) })
        return helper(context, arguments)
    }

    /// Records the rule on every new core-op node of a rewrite's result.
    private func markProvenance(_ id: TermID, _ ruleID: String) {
        guard case .apply(let head, _, _) = graph[id],
            vocabulary.isCoreOp(head) || RewriteHelpers.helper(named: head) != nil
        else { return }
        if provenance[id] == nil { provenance[id] = ruleID }
        for child in graph.children(of: id) { markProvenance(child, ruleID) }
    }

    /// The static shape of a term: variables from the inputs, core ops by the catalog.
    func shape(of id: TermID) -> [Int?]? {
        if let known = shapes[id] { return known }
        var result: [Int?]?
        switch graph[id] {
        case .variable(let name): result = variableShapes[name]
        case .constant: result = []
        case .apply(let head, let arguments, let keywords) where vocabulary.isCoreOp(head):
            let operandShapes = arguments.compactMap { shape(of: $0) }
            if operandShapes.count == arguments.count {
                result = coreShape(
                    graph, head, operandShapes, Dictionary(keywords.map { ($0.name, $0.value) }) { a, _ in a })
            }
        default: result = nil
        }
        shapes[id] = result
        return result
    }

    /// Rules for the residue's head, each with why it did not apply.
    private func nearMisses(_ id: TermID) -> [NearMiss] {
        guard let key = indexKey(of: id) else { return [] }
        let matcher = self.matcher
        return rules.candidates(for: key).prefix(5).map { rule in
            var reasons: [NearMiss.Reason] = []
            for pattern in rule.patterns {
                switch matcher.match(pattern, id, where: rule.constraints) {
                case .failed(let mismatch): reasons.append(.mismatch(mismatch))
                case .matched where rule.refusal != nil: reasons.append(.refused(rule.refusal ?? ""))
                case .matched where options.exact && rule.approximation != nil: reasons.append(.refusedApproximation)
                case .matched: reasons.append(.rewriteIncomplete)
                }
            }
            let refused = reasons.first { if case .refused = $0 { true } else { false } }
            return NearMiss(ruleID: rule.id, why: refused ?? reasons.first ?? .noPattern)
        }
    }
}
