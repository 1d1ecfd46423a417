import Foundation
import PythonAST
import Rewrite

/// Reads a `where` constraint: `int`, `positive`, `rank(4)`, `shape(None, 4)`, `one_of('same', 'valid')`.
enum ConstraintText {
    static let simple: [String: Constraint.Kind] = [
        "int": .int, "float": .float, "number": .number, "const": .constant, "string": .string, "bool": .bool,
        "none": .none, "tensor": .tensor, "positive": .positive, "negative": .negative, "nonzero": .nonzero,
        "ints": .ints, "numbers": .numbers, "nested_numbers": .nestedNumbers,
    ]

    static func parse(_ text: String) -> Constraint.Kind? {
        if let kind = simple[text.trimmingCharacters(in: .whitespaces)] { return kind }
        guard case .call(.name(let name), let arguments)? = try? ExpressionParser.parse(text) else { return nil }
        let values = arguments.compactMap { argument -> Literal? in
            guard case .positional(let value) = argument else { return nil }
            return PatternBuilder.literal(value)
        }
        guard values.count == arguments.count else { return nil }
        switch name {
        case "rank":
            guard values.count == 1, case .int(let rank) = values[0], rank >= 0 else { return nil }
            return .rank(rank)
        case "shape":
            var dims: [Int?] = []
            for value in values {
                switch value {
                case .int(let size) where size >= 0: dims.append(size)
                case .none: dims.append(nil)
                default: return nil
                }
            }
            return .shape(dims)
        case "one_of":
            return values.isEmpty ? nil : .oneOf(values)
        default:
            return nil
        }
    }
}
