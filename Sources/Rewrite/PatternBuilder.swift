import PythonAST

/// Turns Python expressions (a lambda's body, a rule's `match` or `rewrite`) into patterns:
/// globals resolved through aliases, calls normalized through signatures, operators named as
/// the core ops they are (`x * y` is `mul(x, y)`).
public struct PatternBuilder: Sendable {
    public enum Mode: Sendable {
        /// A Lambda's body: bare names are variables or globals of its module, resolved through
        /// aliases; a global named like a core op is kept apart (`builtins.abs`, `__main__.swish`).
        case function
        /// A rule's pattern: bare core-op names are core ops (patterns see arguments already
        /// rewritten), other bare names are globals resolved through aliases.
        case match
        /// A rule's rewrite: bare names called are core ops or helpers; other bare names are variables.
        case rewrite
    }

    public let vocabulary: Vocabulary
    public let mode: Mode
    /// Names that are tensors (bound parameters).
    public let variables: Set<String>

    public init(vocabulary: Vocabulary, mode: Mode, variables: Set<String> = []) {
        self.vocabulary = vocabulary
        self.mode = mode
        self.variables = variables
    }

    static let binaryHeads: [BinaryOperator: String] = [
        .add: "add", .subtract: "sub", .multiply: "mul", .divide: "div", .power: "pow", .matrixMultiply: "matmul",
        .floorDivide: "floordiv", .modulo: "mod", .leftShift: "lshift", .rightShift: "rshift", .bitOr: "bitor",
        .bitXor: "bitxor", .bitAnd: "bitand",
    ]
    static let comparisonHeads: [ComparisonOperator: String] = [
        .less: "less", .lessEqual: "less_equal", .equal: "equal", .notEqual: "not_equal", .greater: "greater",
        .greaterEqual: "greater_equal", .is: "py.is", .isNot: "py.is_not", .in: "py.in", .notIn: "py.not_in",
    ]

    /// The pattern of `expression`.
    public func build(_ expression: Expression) -> Pattern {
        switch expression {
        case .metavariable(let name):
            return .metavariable(name)
        case .name(let name):
            if variables.contains(name) || (mode == .rewrite && !vocabulary.isCoreOp(name)) { return .variable(name) }
            switch mode {
            case .function: return .symbol(global(name))
            case .match: return .symbol(vocabulary.isCoreOp(name) ? name : vocabulary.resolve(name))
            case .rewrite: return .symbol(name)
            }
        case .constant(let constant):
            guard let literal = Self.literal(.constant(constant)) else {
                return .apply(head: "py.constant", arguments: [], keywords: [])
            }
            return .constant(literal)
        case .attribute(let base, let name):
            let built = build(base)
            if case .symbol(let path) = built { return .symbol(vocabulary.resolve(path + "." + name)) }
            return .apply(head: "py.getattr", arguments: [built, .constant(.string(name))], keywords: [])
        case .call(let function, let arguments):
            return call(function, arguments)
        case .binary(let op, let left, let right):
            return apply(Self.binaryHeads[op] ?? "py.binary", [build(left), build(right)])
        case .unary(let op, let operand):
            switch op {
            case .plus: return build(operand)
            case .negate: return apply("neg", [build(operand)])
            case .invert: return apply("invert", [build(operand)])
            case .not: return apply("logical_not", [build(operand)])
            }
        case .compare(let left, let comparisons):
            return comparison(left, comparisons)
        case .boolean(let op, let operands):
            return apply(op == .and ? "py.and" : "py.or", operands.map(build))
        case .conditional(let test, let body, let orElse):
            return apply("py.if", [build(test), build(body), build(orElse)])
        case .tuple(let items): return apply("py.tuple", items.map(build))
        case .list(let items): return apply("py.list", items.map(build))
        case .set(let items): return apply("py.set", items.map(build))
        case .dict(let items):
            return apply("py.dict", items.flatMap { [$0.key.map(build) ?? .constant(.none), build($0.value)] })
        case .subscription(let base, let index):
            return apply("py.getitem", [build(base), build(index)])
        case .slice(let lower, let upper, let step):
            let none = Pattern.constant(.none)
            return apply("py.slice", [lower.map(build) ?? none, upper.map(build) ?? none, step.map(build) ?? none])
        case .starred(let value):
            return apply("py.starred", [build(value)])
        case .lambda:
            return apply("py.lambda", [])
        }
    }

    /// Python builtins whose names are also core ops.
    static let builtins: Set<String> = ["abs", "round", "pow", "max", "min", "len", "float", "int", "sum"]

    /// A global of the Lambda's module: resolved through aliases, and kept apart from core ops of
    /// the same name (`abs` is `builtins.abs`, a user's own `swish` is `__main__.swish`).
    private func global(_ name: String) -> String {
        let resolved = vocabulary.resolve(name)
        guard !resolved.contains("."), vocabulary.isCoreOp(resolved) || RewriteHelpers.arity(of: resolved) != nil
        else { return resolved }
        return (Self.builtins.contains(resolved) ? "builtins." : "__main__.") + resolved
    }

    private func apply(_ head: String, _ arguments: [Pattern]) -> Pattern {
        .apply(head: head, arguments: arguments, keywords: [])
    }

    private func comparison(_ left: Expression, _ comparisons: [Comparison]) -> Pattern {
        var operands: [Pattern] = []
        var previous = build(left)
        for comparison in comparisons {
            let right = build(comparison.right)
            operands.append(apply(Self.comparisonHeads[comparison.op] ?? "py.compare", [previous, right]))
            previous = right
        }
        return operands.count == 1 ? operands[0] : apply("py.and", operands)
    }

    private func call(_ function: Expression, _ arguments: [Argument]) -> Pattern {
        var positional: [Pattern] = []
        var keywords: [PatternKeyword] = []
        var unusual = false
        for argument in arguments {
            switch argument {
            case .positional(let value): positional.append(build(value))
            case .keyword(let name, let value): keywords.append(PatternKeyword(name, build(value)))
            case .starred(let value):
                positional.append(apply("py.starred", [build(value)]))
                unusual = true
            case .doubleStarred(let value):
                keywords.append(PatternKeyword("**", build(value)))
                unusual = true
            }
        }
        let head: String
        switch (function, build(function)) {
        case (.name(let name), _) where mode == .rewrite:
            // A rewrite calls core ops and helpers by bare name; anything else is for lint to report.
            head = name
        case (_, .symbol(let path)):
            head = path
        case (.attribute(let base, let method), _):
            head = "py.method." + method
            positional.insert(build(base), at: 0)
        case (_, let callee):
            head = "py.call"
            positional.insert(callee, at: 0)
        }
        // A core op's attributes are keywords: extra operands in a rewrite stay operands, for lint
        // to report (`reduce_sum($x, $a)` is not `reduce_sum($x, axes=$a)`).
        if mode == .rewrite, let core = vocabulary.coreOps[head], !core.parameters.contains(where: \.isVariadic),
            positional.count > core.positionalCount
        {
            return .apply(head: head, arguments: positional, keywords: keywords)
        }
        if !unusual, let signature = vocabulary.signature(of: head),
            let normalized = signature.normalize(arguments: positional, keywords: keywords)
        {
            return .apply(head: head, arguments: normalized.arguments, keywords: normalized.keywords)
        }
        return .apply(head: head, arguments: positional, keywords: keywords)
    }

    /// A constant expression's literal; nil for what terms do not hold (complex, bytes).
    public static func literal(_ expression: Expression) -> Literal? {
        guard case .constant(let constant) = expression else { return nil }
        switch constant {
        case .none: return Literal.none
        case .bool(let value): return .bool(value)
        case .ellipsis: return .ellipsis
        case .int(let value): return .int(value)
        case .bigInt(let text): return Double(text).map(Literal.float)
        case .float(let value): return .float(value)
        case .string(let text): return .string(text)
        case .bytes(let bytes): return String(validating: bytes, as: UTF8.self).map(Literal.string)
        case .complex: return nil
        }
    }
}
