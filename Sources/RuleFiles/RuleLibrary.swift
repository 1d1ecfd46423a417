import PythonAST
import Rewrite

/// A rule file's name and text, and whether it is part of the built-in library.
public struct RuleSource: Hashable, Sendable {
    public var name: String
    public var text: String
    public var isBuiltIn: Bool

    public init(name: String, text: String, isBuiltIn: Bool) {
        self.name = name
        self.text = text
        self.isBuiltIn = isBuiltIn
    }
}

/// The rules in force: the built-in library (compiled into the binary from `Rules/`) plus the
/// user's rule files, which win over it; their vocabulary; and every diagnostic found loading them.
public struct RuleLibrary: Sendable {
    public private(set) var vocabulary: Vocabulary
    public private(set) var ruleSet: RuleSet
    /// Each source with its parsed spec (nil when its YAML is unreadable).
    public private(set) var files: [(source: RuleSource, spec: RuleFileSpec?)]
    public private(set) var diagnostics: [Diagnostic]

    /// The rule files built into the binary.
    public static var builtInSources: [RuleSource] {
        BuiltInRuleFiles.files.map { RuleSource(name: "Rules/" + $0.name, text: $0.text, isBuiltIn: true) }
    }

    /// Reads and compiles `sources` in order: all declarations first (later files override
    /// aliases and signatures), then the rules.
    public init(sources: [RuleSource]) {
        var compiler = RuleCompiler(coreOps: CoreVocabulary.signatures)
        var parsed: [(RuleSource, RuleFileSpec?, [Substring])] = []
        var diagnostics: [Diagnostic] = []
        for source in sources {
            let (spec, found) = RuleFileReader.read(source.text, file: source.name)
            diagnostics += found
            parsed.append((source, spec, source.text.split(separator: "\n", omittingEmptySubsequences: false)))
        }
        for (_, spec, lines) in parsed { if let spec { compiler.addDeclarations(spec, lines: lines) } }
        for (source, spec, lines) in parsed {
            if let spec { compiler.addRules(spec, lines: lines, isBuiltIn: source.isBuiltIn) }
        }
        vocabulary = compiler.vocabulary
        ruleSet = RuleSet(compiler.rules)
        files = parsed.map { ($0.0, $0.1) }
        self.diagnostics = diagnostics + compiler.diagnostics
    }

    /// Rewrites a function body whose free names `variables` are tensors into core ops; `shapes`
    /// gives the static shapes known (nil for an unknown dimension).
    public func rewrite(
        _ body: PythonAST.Expression, variables: Set<String>, shapes: [String: [Int?]] = [:],
        options: FixpointEngine.Options = .init()
    ) -> RewriteResult {
        let builder = PatternBuilder(vocabulary: vocabulary, mode: .function, variables: variables)
        let graph = TermGraph()
        let root = builder.build(body).instantiate(in: graph) ?? graph.constant(.none)
        let engine = FixpointEngine(
            rules: ruleSet, vocabulary: vocabulary, graph: graph, options: options, variableShapes: shapes,
            coreShape: CoreVocabulary.shape)
        return engine.run(root)
    }

    /// The term of a core-op expression written in rule syntax (`mul(x, x)`), in `graph`.
    public func term(ofCoreExpression text: String, variables: Set<String>, in graph: TermGraph) throws -> TermID? {
        let builder = PatternBuilder(vocabulary: vocabulary, mode: .rewrite, variables: variables)
        return builder.build(try ExpressionParser.parse(text)).instantiate(in: graph)
    }
}
