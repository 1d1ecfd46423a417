import PythonAST

/// Checks that a decompiled function is Python a programmer could have written: slices only
/// inside subscripts, `*` only inside displays, identifiers everywhere a name goes. Valid
/// bytecode always passes; damaged bytecode that happens to run symbolically does not.
enum WellFormedness {
    /// Where an expression sits, which decides what it may be.
    private enum Place {
        case value
        /// A subscript's index, or an item of a tuple that is one: slices are allowed.
        case index
        /// An item of a tuple, list or set display: `*x` is allowed.
        case displayItem
    }

    /// The first problem in `function`, or nil.
    static func problem(in function: FunctionDefinition) -> String? {
        guard function.isLambda || isIdentifier(function.name) else {
            return "the function name '\(function.name)' is not an identifier"
        }
        for parameter in function.parameters where !isIdentifier(parameter.name) {
            return "parameter '\(parameter.name)' is not an identifier"
        }
        for statement in function.body {
            switch statement {
            case .assign(let targets, let value):
                for target in targets {
                    if let problem = targetProblem(target) { return problem }
                }
                if let problem = problem(in: value, at: .value) { return problem }
            case .expression(let value), .return(let value):
                if let problem = problem(in: value, at: .value) { return problem }
            }
        }
        return nil
    }

    private static func targetProblem(_ target: Expression) -> String? {
        switch target {
        case .name(let name): return isIdentifier(name) ? nil : "'\(name)' is not an identifier"
        case .starred(let inner): return targetProblem(inner)
        case .tuple(let items): return items.lazy.compactMap(targetProblem).first
        default: return "cannot assign to \(target.source)"
        }
    }

    private static func problem(in expression: Expression, at place: Place) -> String? {
        switch expression {
        case .name(let name):
            return isIdentifier(name) ? nil : "'\(name)' is not an identifier"
        case .attribute(let base, let name):
            return isIdentifier(name) ? problem(in: base, at: .value) : "'\(name)' is not an identifier"
        case .slice:
            guard place == .index else { return "a slice outside a subscript" }
        case .starred:
            guard place == .displayItem else { return "a starred value outside a display" }
        case .subscription(let base, let index):
            return problem(in: base, at: .value) ?? problem(in: index, at: .index)
        case .tuple(let items):
            return items.lazy.compactMap { problem(in: $0, at: place == .index ? .index : .displayItem) }.first
        case .list(let items), .set(let items):
            return items.lazy.compactMap { problem(in: $0, at: .displayItem) }.first
        case .call(let function, let arguments):
            for case .keyword(let name, _) in arguments where !isIdentifier(name) {
                return "keyword '\(name)' is not an identifier"
            }
            let values = [function] + arguments.map(\.value)
            return values.lazy.compactMap { problem(in: $0, at: .value) }.first
        case .lambda, .metavariable:
            return "not an expression bytecode makes"
        default:
            break
        }
        return expression.children.lazy.compactMap { problem(in: $0, at: .value) }.first
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }
}
