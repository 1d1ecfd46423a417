/// A Python function as Delambda understands it: a lambda, or a `def` whose body is a few
/// assignments and a `return`.
///
/// Decompiled bytecode and parsed `def` source produce the same value, so the two can be compared
/// (and a function supplied as source is used exactly as if it had been decoded). A lambda is a
/// definition named `<lambda>` whose body is one `return`.
public struct FunctionDefinition: Hashable, Sendable {
    /// `co_name`: the `def` name, or `<lambda>`.
    public var name: String
    public var parameters: [Parameter]
    public var body: [Statement]

    public init(name: String, parameters: [Parameter], body: [Statement]) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }

    /// A lambda's definition: `lambda parameters: result`.
    public static func lambda(parameters: [Parameter], result: Expression) -> FunctionDefinition {
        FunctionDefinition(name: "<lambda>", parameters: parameters, body: [.return(result)])
    }

    /// Whether this is a lambda rather than a `def`.
    public var isLambda: Bool { name == "<lambda>" }
}

/// One statement of a function body.
public enum Statement: Hashable, Sendable {
    /// `a = b = value`. Each target is a name, or a tuple/list of targets, where one may be
    /// `.starred(.name)`. Augmented assignments (`x += 1`) are stored as `x = x + 1`.
    case assign(targets: [Expression], value: Expression)
    /// An expression evaluated for its effect only (`tf.print(x)`).
    case expression(Expression)
    case `return`(Expression)
}

extension Statement {
    /// The expression the statement evaluates.
    public var value: Expression {
        switch self {
        case .assign(_, let value), .expression(let value), .return(let value): return value
        }
    }
}
