/// Shape arithmetic shared by the ops' shape rules and evaluations, on shapes where nil is a
/// dimension not known until run time (usually the batch).
enum ShapeRules {
    /// `[?, 3, 4]`.
    static func describe(_ shape: [Int?]) -> String {
        "[" + shape.map { $0.map(String.init) ?? "?" }.joined(separator: ", ") + "]"
    }

    /// `[2, 3]`.
    static func describe(_ shape: [Int]) -> String {
        describe(shape.map(Optional.some))
    }

    /// The broadcast of two shapes. An unknown dimension against a known one other than 1 is
    /// assumed to be compatible and takes the known size.
    static func broadcast(_ lhs: [Int?], _ rhs: [Int?]) throws(CoreOpError) -> [Int?] {
        let rank = max(lhs.count, rhs.count)
        let left = [Int?](repeating: 1, count: rank - lhs.count) + lhs
        let right = [Int?](repeating: 1, count: rank - rhs.count) + rhs
        var result: [Int?] = []
        for (a, b) in zip(left, right) {
            switch (a, b) {
            case (let a?, let b?):
                guard a == b || a == 1 || b == 1 else {
                    throw CoreOpError("shapes \(describe(lhs)) and \(describe(rhs)) do not broadcast")
                }
                result.append(a == 1 ? b : a)
            case (let known?, nil), (nil, let known?):
                result.append(known == 1 ? nil : known)
            case (nil, nil):
                result.append(nil)
            }
        }
        return result
    }

    /// An axis in `-rank..<rank` as a non-negative one.
    static func axis(_ axis: Int, rank: Int, shape: [Int?]) throws(CoreOpError) -> Int {
        guard axis >= -rank && axis < rank else {
            throw CoreOpError("axis \(axis) is out of range for shape \(describe(shape)) (rank \(rank))")
        }
        return axis < 0 ? axis + rank : axis
    }

    /// Axes made non-negative and sorted; nil (all axes) gives every axis.
    static func axes(_ axes: [Int]?, shape: [Int?]) throws(CoreOpError) -> [Int] {
        guard let axes else { return Array(shape.indices) }
        var result: [Int] = []
        for given in axes {
            let normalized = try axis(given, rank: shape.count, shape: shape)
            guard !result.contains(normalized) else {
                throw CoreOpError("axis \(given) is given twice in \(axes)")
            }
            result.append(normalized)
        }
        return result.sorted()
    }

    /// One dimension two operands must agree on: equal when both are known, otherwise the known one.
    static func unify(_ lhs: Int?, _ rhs: Int?, _ context: @autoclosure () -> String) throws(CoreOpError) -> Int? {
        switch (lhs, rhs) {
        case (let a?, let b?):
            guard a == b else { throw CoreOpError(context()) }
            return a
        default:
            return lhs ?? rhs
        }
    }

    /// The product of the dimensions, or nil when one is unknown.
    /// - Throws: `CoreOpError` when the product overflows.
    static func product(_ shape: [Int?]) throws(CoreOpError) -> Int? {
        var result = 1
        for dimension in shape {
            guard let dimension else { return nil }
            result = try multiply(result, dimension)
        }
        return result
    }

    /// The number of elements of a concrete shape, or nil when it overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var result = 1
        for dimension in shape {
            let (product, overflow) = result.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            result = product
        }
        return result
    }

    // Sizes come from rule files and recorded JSON, so absurd ones must be errors, not traps.

    /// `lhs * rhs`.
    /// - Throws: `CoreOpError` on overflow.
    static func multiply(_ lhs: Int, _ rhs: Int) throws(CoreOpError) -> Int {
        let (result, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        guard !overflow else { throw CoreOpError("size \(lhs) * \(rhs) overflows") }
        return result
    }

    /// `lhs + rhs`.
    /// - Throws: `CoreOpError` on overflow.
    static func add(_ lhs: Int, _ rhs: Int) throws(CoreOpError) -> Int {
        let (result, overflow) = lhs.addingReportingOverflow(rhs)
        guard !overflow else { throw CoreOpError("size \(lhs) + \(rhs) overflows") }
        return result
    }

    /// An optional size with `transform` applied when it is known.
    static func map(_ size: Int?, _ transform: (Int) throws(CoreOpError) -> Int) throws(CoreOpError) -> Int? {
        guard let size else { return nil }
        return try transform(size)
    }

    /// Checks that an operand has the rank an op needs.
    static func requireRank(_ shape: [Int?], _ rank: Int, _ what: String) throws(CoreOpError) {
        guard shape.count == rank else {
            throw CoreOpError("expects \(what) of rank \(rank), got shape \(describe(shape))")
        }
    }

    /// Checks that an operand has at least the rank an op needs.
    static func requireRank(_ shape: [Int?], atLeast rank: Int, _ what: String) throws(CoreOpError) {
        guard shape.count >= rank else {
            throw CoreOpError("expects \(what) of rank at least \(rank), got shape \(describe(shape))")
        }
    }

    /// A concrete shape as one with every dimension known.
    static func known(_ shape: [Int]) -> [Int?] {
        shape.map(Optional.some)
    }
}
