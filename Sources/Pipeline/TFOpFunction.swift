import JSON
import KerasModel
import PythonAST

/// A `TFOpLambda` / `SlicingOpLambda` layer as the lambda it stands for: tf.keras recorded the
/// op's name (`math.square`, `__operators__.add`) and its call's arguments, so
/// `lambda x: tf.math.square(x)` and `lambda x: x + 1.0` are rebuilt from them and rewritten by the
/// same rules as Lambdas.
enum TFOpFunction {
    /// Operators tf.keras records under `__operators__`.
    static let operators: [String: BinaryOperator] = [
        "__operators__.add": .add, "__operators__.sub": .subtract, "__operators__.mul": .multiply,
        "__operators__.truediv": .divide, "__operators__.pow": .power, "__operators__.matmul": .matrixMultiply,
    ]

    /// The function of op `name` called at `node`; nil when the call cannot be rebuilt.
    static func function(_ name: String, node: InboundNode?) -> FunctionDefinition? {
        guard let node else { return nil }
        let tensors = node.tensors
        let parameter = tensors.count == 1 ? "x" : "t"
        var index = 0
        func expression(_ argument: NodeArgument) -> Expression? {
            switch argument {
            case .tensor:
                defer { index += 1 }
                return tensors.count == 1 ? .name("x") : .subscription(.name("t"), .constant(.int(index)))
            case .list(let items):
                let built = items.compactMap(expression)
                return built.count == items.count ? .list(built) : nil
            case .constant(let value):
                return constant(value)
            }
        }
        let positional = node.arguments.compactMap(expression)
        guard positional.count == node.arguments.count, let first = positional.first else { return nil }
        var keywords: [(String, Expression)] = []
        for keyword in node.keywordArguments where keyword.name != "name" {
            if keyword.name == "slice_spec", case .constant(let spec) = keyword.value {
                guard let index = sliceIndex(spec) else { return nil }
                keywords.append(("slice_spec", index))
                continue
            }
            guard let value = expression(keyword.value) else { return nil }
            keywords.append((keyword.name, value))
        }
        let body: Expression
        if name == "__operators__.getitem" {
            guard let index = keywords.first(where: { $0.0 == "slice_spec" })?.1 else { return nil }
            body = .subscription(first, index)
        } else if let op = operators[name],
            let other = keywords.first(where: { $0.0 == "y" })?.1 ?? positional.dropFirst().first
        {
            body = .binary(op, first, other)
        } else {
            let path = ("tf." + name).split(separator: ".").map(String.init)
            let callee = path.dropFirst().reduce(Expression.name(path[0])) { .attribute($0, $1) }
            let arguments = positional.map(Argument.positional) + keywords.map { Argument.keyword($0.0, $0.1) }
            body = .call(callee, arguments)
        }
        return .lambda(parameters: [Parameter(parameter)], result: body)
    }

    /// A recorded `slice_spec` (`[{"start": null, "stop": 2, "step": null}, 0]`) as the index.
    private static func sliceIndex(_ spec: JSONValue) -> Expression? {
        func item(_ value: JSONValue) -> Expression? {
            if case .object(let object) = value {
                if object["class_name"]?.string == "__ellipsis__" { return .constant(.ellipsis) }
                let bounds = ["start", "stop", "step"].map { object[$0].flatMap(constant) }
                return .slice(
                    lower: bounds[0].flatMap(\.unlessNone), upper: bounds[1].flatMap(\.unlessNone),
                    step: bounds[2].flatMap(\.unlessNone))
            }
            return constant(value)
        }
        if case .array(let items) = spec {
            let built = items.compactMap(item)
            guard built.count == items.count else { return nil }
            return built.count == 1 ? built[0] : .tuple(built)
        }
        return item(spec)
    }

    private static func constant(_ value: JSONValue) -> Expression? {
        switch value {
        case .object: return nil
        default: return LambdaBinding.expression(of: value)
        }
    }
}

extension Expression {
    fileprivate var unlessNone: Expression? { self == .constant(.none) ? nil : self }
}
