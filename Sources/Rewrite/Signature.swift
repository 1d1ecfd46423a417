import Foundation
import PythonAST

/// A function's parameters, so that `tf.reduce_mean(x, 1)` and
/// `reduce_mean(input_tensor=x, axis=1)` become the same term.
///
/// Calls are normalized to keywords in parameter order; a keyword equal to its default is
/// dropped, and so is `name` (it never changes a value). A pattern keyword missing from a term
/// matches the parameter's default.
public struct Signature: Hashable, Sendable {
    public struct Parameter: Hashable, Sendable {
        public var name: String
        /// nil: required.
        public var defaultValue: Pattern?
        /// `*args`: takes the remaining positional arguments.
        public var isVariadic: Bool

        public init(name: String, defaultValue: Pattern? = nil, isVariadic: Bool = false) {
            self.name = name
            self.defaultValue = defaultValue
            self.isVariadic = isVariadic
        }
    }

    public var parameters: [Parameter]
    /// Positional parameters stay positional (operands of core ops); the rest become keywords.
    public var positionalCount: Int

    public init(parameters: [Parameter], positionalCount: Int = 0) {
        self.parameters = parameters
        self.positionalCount = positionalCount
    }

    /// Parses `(input_tensor, axis=None, keepdims=False, name=None)`.
    public static func parse(_ text: String) throws(SignatureError) -> Signature {
        let source = "lambda " + text.trimmingCharacters(in: CharacterSet(charactersIn: "() ")) + ": 0"
        guard case .lambda(let parameters, _)? = try? ExpressionParser.parse(source) else {
            throw SignatureError(message: "not a parameter list: \(text)")
        }
        var result: [Parameter] = []
        for parameter in parameters {
            switch parameter.kind {
            case .varKeywords:
                continue
            case .varArgs:
                result.append(Parameter(name: parameter.name, defaultValue: nil, isVariadic: true))
            case .positional, .keywordOnly:
                var value: Pattern?
                if let defaultValue = parameter.defaultValue {
                    guard let literal = PatternBuilder.literal(defaultValue) else {
                        throw SignatureError(message: "the default of \(parameter.name) is not a constant")
                    }
                    value = .constant(literal)
                }
                result.append(Parameter(name: parameter.name, defaultValue: value, isVariadic: false))
            }
        }
        return Signature(parameters: result)
    }

    /// Binds positional and keyword arguments to parameters.
    /// - Returns: the positional operands kept positional and the keywords in parameter order, or
    ///   nil when the arguments do not fit (too many, unknown or repeated keywords).
    func normalize(
        arguments: [Pattern], keywords: [PatternKeyword]
    ) -> (arguments: [Pattern], keywords: [PatternKeyword])? {
        var values: [String: Pattern] = [:]
        var variadic: [Pattern] = []
        var index = 0
        for parameter in parameters where index < arguments.count {
            if parameter.isVariadic {
                variadic = Array(arguments[index...])
                index = arguments.count
            } else {
                values[parameter.name] = arguments[index]
                index += 1
            }
        }
        guard index == arguments.count else { return nil }
        for keyword in keywords {
            guard values[keyword.name] == nil, parameters.contains(where: { $0.name == keyword.name && !$0.isVariadic })
            else { return nil }
            values[keyword.name] = keyword.value
        }
        var positional: [Pattern] = []
        var named: [PatternKeyword] = []
        for (position, parameter) in parameters.enumerated() {
            if parameter.isVariadic {
                positional += variadic
                continue
            }
            if position < positionalCount {
                guard let value = values[parameter.name] ?? parameter.defaultValue else { return nil }
                positional.append(value)
                continue
            }
            guard let value = values[parameter.name], parameter.name != "name",
                !Self.same(value, parameter.defaultValue)
            else { continue }
            named.append(PatternKeyword(parameter.name, value))
        }
        return (positional, named)
    }

    /// Whether a keyword's value is the default (`0` is the default `0.0`).
    private static func same(_ value: Pattern, _ defaultValue: Pattern?) -> Bool {
        guard let defaultValue else { return false }
        if case .constant(let a) = value, case .constant(let b) = defaultValue { return Matcher.sameConstant(a, b) }
        return value == defaultValue
    }

    /// The default of keyword `name`, if the parameter has one.
    func defaultValue(of name: String) -> Pattern? {
        parameters.first { $0.name == name }?.defaultValue
    }
}

/// A signature that cannot be parsed.
public struct SignatureError: Error, Hashable, Sendable {
    public var message: String
}
