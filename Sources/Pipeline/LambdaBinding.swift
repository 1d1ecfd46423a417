import JSON
import KerasModel
import PythonAST

/// How a Lambda's function meets its layer: which parameter takes the input tensors, which
/// take the layer's `arguments`, defaults or closure values, and what the globals it reads are.
public struct LambdaBinding: Hashable, Sendable {
    /// Where one parameter's value comes from.
    public enum Source: Hashable, Sendable {
        /// The layer's input: one tensor, or the list of `count` tensors of a multi-input layer.
        case inputs(count: Int)
        /// An entry of the layer's `arguments`.
        case argument(Expression)
        /// The function's own default.
        case defaultValue(Expression)
        /// What Keras passes at inference (`training=False`, `mask=None`).
        case inference(Expression)
        /// Nothing: the call would fail.
        case missing
    }

    /// What a global name read by the function is.
    public enum Global: Hashable, Sendable {
        /// A module (`tf`, `K`, `np`...) or a Python builtin: kept as a reference.
        case module
        /// Supplied by `--define` or a `--function-source` file's constant.
        case defined(Expression)
        /// Neither: reported by name.
        case missing
    }

    public var parameters: [(name: String, source: Source)]
    public var closure: [(name: String, value: Expression)]
    public var globals: [(name: String, kind: Global)]
    /// The function as one expression: assignments inlined, every parameter but the input one
    /// and every defined global replaced by its value.
    public var expression: Expression

    public static func == (lhs: LambdaBinding, rhs: LambdaBinding) -> Bool {
        lhs.expression == rhs.expression && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.source) == rhs.parameters.map(\.source)
            && lhs.globals.map(\.name) == rhs.globals.map(\.name)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(expression)
    }

    /// Globals nobody supplied.
    public var missingGlobals: [String] {
        globals.filter { $0.kind == .missing }.map(\.name)
    }

    /// Parameters nobody supplied.
    public var missingParameters: [String] {
        parameters.filter { $0.source == .missing }.map(\.name)
    }
}

extension LambdaBinding {
    /// Module names Lambdas read from their globals, and the builtins they call.
    static let knownModules: Set<String> = [
        "tf", "tensorflow", "K", "backend", "keras", "kb", "np", "numpy", "ops", "math", "layers", "activations",
        "tfa", "tfp", "tf_keras", "keras_applications",
    ]
    static let builtins: Set<String> = [
        "abs", "all", "any", "bool", "dict", "divmod", "enumerate", "float", "getattr", "hasattr", "int", "isinstance",
        "len", "list", "map", "max", "min", "pow", "print", "range", "reversed", "round", "set", "slice", "sorted",
        "str", "sum", "tuple", "type", "zip", "None", "True", "False", "Ellipsis",
        // What a `raise` in a branch not taken names (the decompiler's `__raise__(E)`).
        "__raise__", "Exception", "ValueError", "TypeError", "NotImplementedError", "AssertionError", "RuntimeError",
        "KeyError", "IndexError",
    ]

    /// Binds `function` for a layer with `inputCount` inputs.
    init(
        function: FunctionDefinition, lambda: LambdaFunction, freeVariables: [String], inputCount: Int,
        defines: [String: Expression]
    ) throws(InliningError) {
        guard case .lambda(let parameters, let body) = try function.inlined() else {
            throw InliningError(function: function.name, message: "does not inline to a lambda")
        }
        let arguments = lambda.arguments
        let defaults = lambda.defaults?.array ?? []
        let positional = parameters.filter { $0.kind == .positional }
        var sources: [(String, Source)] = []
        var values: [String: Expression] = [:]
        for (index, parameter) in parameters.enumerated() {
            let source: Source
            if index == 0 {
                source = .inputs(count: inputCount)
            } else if parameter.name == "training" {
                // Keras passes `training` and `mask` itself when the function takes them.
                source = .inference(.constant(.bool(false)))
            } else if parameter.name == "mask" {
                source = .inference(.constant(.none))
            } else if let argument = arguments[parameter.name] {
                source = .argument(Self.expression(of: argument))
            } else if let position = positional.firstIndex(of: parameter),
                position >= positional.count - defaults.count
            {
                source = .defaultValue(Self.expression(of: defaults[position - (positional.count - defaults.count)]))
            } else if let value = parameter.defaultValue {
                source = .defaultValue(value)
            } else {
                source = .missing
            }
            sources.append((parameter.name, source))
            switch source {
            case .argument(let value), .defaultValue(let value), .inference(let value): values[parameter.name] = value
            default: break
            }
        }
        let cells = lambda.closure?.array ?? []
        let closure = zip(freeVariables, cells).map { ($0, Self.expression(of: $1)) }
        for (name, value) in closure { values[name] = value }
        var globals: [(String, Global)] = []
        let free = body.freeNames.subtracting(parameters.map(\.name)).subtracting(values.keys)
        for name in free.sorted() {
            if let value = defines[name] {
                globals.append((name, .defined(value)))
                values[name] = value
            } else if Self.knownModules.contains(name) || Self.builtins.contains(name) {
                globals.append((name, .module))
            } else {
                globals.append((name, .missing))
            }
        }
        self.parameters = sources
        self.closure = closure
        self.globals = globals
        self.expression = body.substituting(values)
    }

    /// A JSON value Keras stored (arguments, defaults, closure cells) as a Python expression.
    static func expression(of value: JSONValue) -> Expression {
        switch value {
        case .null: return .constant(.none)
        case .bool(let flag): return .constant(.bool(flag))
        case .int(let number): return .constant(.int(number))
        case .double(let number): return .constant(.float(number))
        case .string(let text): return .constant(.string(text))
        case .array(let items): return .list(items.map(expression(of:)))
        case .object(let object):
            return .dict(object.map { DictItem(key: .constant(.string($0.key)), value: expression(of: $0.value)) })
        }
    }
}
