extension FunctionDefinition {
    /// The function as one lambda: every name assigned in the body replaced by its value, in
    /// statement order, so `y = x * 2; y = y + 1; return y` becomes `lambda x: x * 2 + 1`.
    ///
    /// Tuple and list targets are split element-wise when the value is a display of the same
    /// length, and by subscripting otherwise (`a, *m, z = v` binds `v[0]`, `v[1:-1]` and `v[-1]`).
    /// Expression statements are dropped (their effects, such as printing, do not change the
    /// result), as is everything after the first `return`. Values are substituted as written,
    /// so a value used twice appears twice.
    ///
    /// - Returns: `.lambda(parameters: parameters, body: result)`.
    /// - Throws: `InliningError` when the body has no `return`, assigns to something other than
    ///   names, unpacks a display of the wrong length, uses a local before assigning it, or
    ///   grows past ``Expression/maximumSize`` nodes.
    public func inlined() throws(InliningError) -> Expression {
        var inliner = Inliner(self)
        for statement in body {
            switch statement {
            case .assign(let targets, let value):
                try inliner.assign(targets, value)
            case .expression:
                continue
            case .return(let value):
                return .lambda(parameters: parameters, body: try inliner.resolve(value))
            }
        }
        throw InliningError(function: name, message: "no return statement")
    }
}

/// The names bound so far while walking a body, each to its value in terms of the parameters
/// and globals.
private struct Inliner {
    let function: FunctionDefinition
    var environment: [String: Expression] = [:]
    /// Names the body assigns that are not parameters: Python treats them as local everywhere in
    /// the body, so a use before the first assignment is an error, not a global.
    let locals: Set<String>

    init(_ function: FunctionDefinition) {
        self.function = function
        var assigned: Set<String> = []
        for case .assign(let targets, _) in function.body {
            for target in targets { assigned.formUnion(Destructuring.boundNames(target)) }
        }
        locals = assigned.subtracting(function.parameters.map(\.name))
    }

    /// `expression` with the current bindings substituted.
    func resolve(_ expression: Expression) throws(InliningError) -> Expression {
        let unbound = expression.freeNames.intersection(locals).filter { environment[$0] == nil }
        if let name = unbound.sorted().first {
            throw InliningError(
                function: function.name, message: "local variable '\(name)' is used before it is assigned")
        }
        let resolved = expression.substituting(environment)
        guard !resolved.exceedsSize(Expression.maximumSize) else {
            throw InliningError(
                function: function.name,
                message: "the expression grows past \(Expression.maximumSize) nodes when its locals are substituted")
        }
        return resolved
    }

    /// Binds every target to the value, evaluated before any of them is bound (so `a, b = b, a`
    /// swaps).
    mutating func assign(_ targets: [Expression], _ value: Expression) throws(InliningError) {
        let resolved = try resolve(value)
        var bindings: [(name: String, value: Expression)] = []
        for target in targets {
            do {
                bindings += try Destructuring.bindings(of: target, to: resolved)
            } catch {
                throw InliningError(function: function.name, message: Self.message(for: error))
            }
        }
        for (name, boundValue) in bindings { environment[name] = boundValue }
    }

    private static func message(for failure: Destructuring.Failure) -> String {
        switch failure {
        case .unsupportedTarget(let target): return "unsupported assignment target '\(target.source)'"
        case .multipleStarred(let target): return "multiple starred names in '\(target.source)'"
        case .countMismatch(let targets, let values): return "cannot unpack \(values) values into \(targets) targets"
        }
    }
}
