/// Splits one assignment `target = value` into a binding per name, the way inlining needs it:
/// element-wise when the value is a tuple or list display of the right length, otherwise by
/// subscripting the value (`a, *m, z = v` binds `v[0]`, `v[1:-1]`, `v[-1]`).
enum Destructuring {
    /// Why a target cannot be bound.
    enum Failure: Error, Equatable {
        /// Anything but a name, or a tuple or list of targets (attributes, subscripts, calls...).
        case unsupportedTarget(Expression)
        case multipleStarred(Expression)
        /// A display value whose length does not fit the targets.
        case countMismatch(targets: Int, values: Int)
    }

    /// The names `target` binds, in assignment order, each with its value.
    static func bindings(
        of target: Expression, to value: Expression
    ) throws(Failure) -> [(name: String, value: Expression)] {
        switch target {
        case .name(let name): return [(name, value)]
        case .tuple(let targets), .list(let targets):
            return try sequenceBindings(of: targets, to: value, target: target)
        default: throw .unsupportedTarget(target)
        }
    }

    /// All names a target binds, without needing a value.
    static func boundNames(_ target: Expression) -> [String] {
        switch target {
        case .name(let name): return [name]
        case .tuple(let targets), .list(let targets): return targets.flatMap(boundNames)
        case .starred(let inner): return boundNames(inner)
        default: return []
        }
    }

    private static func sequenceBindings(
        of targets: [Expression], to value: Expression, target: Expression
    ) throws(Failure) -> [(name: String, value: Expression)] {
        let starred = targets.indices.filter { if case .starred = targets[$0] { true } else { false } }
        guard starred.count <= 1 else { throw .multipleStarred(target) }
        let values = try elementValues(for: targets, starIndex: starred.first, of: value)
        var bindings: [(name: String, value: Expression)] = []
        for (element, elementValue) in zip(targets, values) {
            let inner: Expression
            if case .starred(let starredTarget) = element { inner = starredTarget } else { inner = element }
            bindings += try self.bindings(of: inner, to: elementValue)
        }
        return bindings
    }

    /// The value each of `targets` receives from `value`.
    private static func elementValues(
        for targets: [Expression], starIndex: Int?, of value: Expression
    ) throws(Failure) -> [Expression] {
        let afterStar = starIndex.map { targets.count - $0 - 1 } ?? 0
        if let items = displayItems(value) {
            guard let starIndex else {
                guard items.count == targets.count else {
                    throw .countMismatch(targets: targets.count, values: items.count)
                }
                return items
            }
            guard items.count >= targets.count - 1 else {
                throw .countMismatch(targets: targets.count, values: items.count)
            }
            // Python always gives the starred name a list, whatever was unpacked.
            let middle = Expression.list(Array(items[starIndex..<(items.count - afterStar)]))
            return Array(items[..<starIndex]) + [middle] + Array(items[(items.count - afterStar)...])
        }
        return targets.indices.map { index in
            guard let starIndex, index >= starIndex else { return .subscription(value, .constant(.int(index))) }
            guard index == starIndex else { return .subscription(value, .constant(.int(index - targets.count))) }
            let lower: Expression? = starIndex == 0 ? nil : .constant(.int(starIndex))
            let upper: Expression? = afterStar == 0 ? nil : .constant(.int(-afterStar))
            return .subscription(value, .slice(lower: lower, upper: upper, step: nil))
        }
    }

    /// The items of a tuple or list display that can be split element-wise (no `*spread`).
    private static func displayItems(_ value: Expression) -> [Expression]? {
        switch value {
        case .tuple(let items), .list(let items):
            let spreads = items.contains { if case .starred = $0 { true } else { false } }
            return spreads ? nil : items
        default:
            return nil
        }
    }
}
