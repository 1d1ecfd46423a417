import PythonAST
import Testing

/// The function a source text holds (a lambda expression or a `def`), brought to the form
/// decompiled bytecode can be compared with.
public enum ExpectedFunction {
    /// The function a source row holds: a lambda expression or a `def`.
    public static func parse(_ source: String) throws -> FunctionDefinition {
        if source.hasPrefix("def ") {
            let file = try FunctionSource.parse(source)
            let name = try #require(file.functionNames.first)
            let function = try file.function(named: name)
            return try #require(function)
        }
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(source) else {
            throw ExpectedFunctionError(source: source)
        }
        return .lambda(parameters: parameters, result: body)
    }
}

/// Source that is neither a lambda nor a `def`.
public struct ExpectedFunctionError: Error {
    public var source: String
}

extension FunctionDefinition {
    /// What bytecode can tell: no parameter defaults (Keras stores them beside the code), constants
    /// folded as CPython folds them, and the canonical spelling of logic and conditionals.
    public var comparable: FunctionDefinition {
        var copy = self
        copy.parameters = parameters.map { Parameter($0.name, kind: $0.kind) }
        copy.body = body.compactMap { statement -> Statement? in
            switch statement {
            case .assign(let targets, .tuple(let values))
            where targets.count == 1 && targets[0].children.count == values.count && targets[0].isTuple:
                // `a, b = x, y` stores in either order: all values are computed first.
                let names = targets[0].children
                let pairs = zip(names, values.map(\.normalized)).sorted { $0.0.source < $1.0.source }
                return .assign(targets: [.tuple(pairs.map(\.0))], value: .tuple(pairs.map(\.1)))
            case .assign(let targets, let value): return .assign(targets: targets, value: value.normalized)
            case .return(let value): return .return(value.normalized)
            case .expression: return nil
            }
        }
        return copy
    }
}

extension FunctionDefinition {
    /// Python 2's `b','` is its `','`: byte strings are its plain strings.
    public var withPythonTwoStrings: FunctionDefinition {
        var copy = self
        copy.body = body.map { statement in
            switch statement {
            case .assign(let targets, let value): return .assign(targets: targets, value: value.withPythonTwoStrings)
            case .expression(let value): return .expression(value.withPythonTwoStrings)
            case .return(let value): return .return(value.withPythonTwoStrings)
            }
        }
        return copy
    }
}

extension PythonAST.Expression {
    fileprivate var isTuple: Bool {
        if case .tuple = self { return true }
        return false
    }

    fileprivate var withPythonTwoStrings: PythonAST.Expression {
        transformedBottomUp { node in
            if case .constant(.bytes(let bytes)) = node, let text = String(validating: bytes, as: UTF8.self) {
                return .constant(.string(text))
            }
            return node
        }
    }

    fileprivate var normalized: PythonAST.Expression {
        foldingConstants().canonicalized().foldingConstants()
    }
}
