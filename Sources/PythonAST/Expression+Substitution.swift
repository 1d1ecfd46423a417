extension Expression {
    /// The expression with each free occurrence of a name in `bindings` replaced by its value.
    ///
    /// Scoping follows Python: a lambda's parameters shadow outer names in its body (its defaults
    /// are evaluated outside, so they are substituted). A parameter that would capture a free
    /// name of a substituted value is renamed first (`lambda x: x + y` with `y := x + 1`
    /// becomes `lambda x_1: x_1 + (x + 1)`), so the result means what the bindings say.
    ///
    /// - Complexity: O(size of the result).
    public func substituting(_ bindings: [String: Expression]) -> Expression {
        guard !bindings.isEmpty else { return self }
        switch self {
        case .name(let name):
            return bindings[name] ?? self
        case .lambda(let parameters, let body):
            return Self.substitutingLambda(parameters: parameters, body: body, bindings: bindings)
        default:
            return mappingChildren { (child: Expression) -> Expression in child.substituting(bindings) }
        }
    }

    private static func substitutingLambda(
        parameters: [Parameter], body: Expression, bindings: [String: Expression]
    ) -> Expression {
        var inner = bindings
        for parameter in parameters { inner[parameter.name] = nil }
        let bodyNames = body.freeNames
        // Free names of the values that will actually land in the body.
        var incoming: Set<String> = []
        for name in bodyNames { if let value = inner[name] { incoming.formUnion(value.freeNames) } }
        var taken = bodyNames.union(incoming).union(parameters.map(\.name))
        var renamed: [Parameter] = []
        for parameter in parameters {
            var copy = parameter
            copy.defaultValue = parameter.defaultValue?.substituting(bindings)
            if incoming.contains(parameter.name) {
                let fresh = freshName(for: parameter.name, avoiding: taken)
                taken.insert(fresh)
                inner[parameter.name] = .name(fresh)
                copy.name = fresh
            }
            renamed.append(copy)
        }
        return .lambda(parameters: renamed, body: body.substituting(inner))
    }

    private static func freshName(for name: String, avoiding taken: Set<String>) -> String {
        var suffix = 1
        while taken.contains("\(name)_\(suffix)") { suffix += 1 }
        return "\(name)_\(suffix)"
    }
}
