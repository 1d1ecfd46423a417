import JSON

/// Sizes read from a config and computed from them, kept where arithmetic cannot overflow: a
/// hostile config writing `"units": 9223372036854775807` must give an unknown shape or a refusal,
/// never a trap.
enum Dimension {
    /// The largest size a config may give (2^31): any product of two such sizes fits in an `Int`.
    static let maximum = 1 << 31

    /// `value` as a size in `0...maximum`, or nil.
    static func size(_ value: JSONValue?) -> Int? {
        guard let number = value?.int, number >= 0, number <= maximum else { return nil }
        return number
    }

    /// The product of `factors`, or nil when it leaves `0...maximum` or a factor is unknown.
    static func product(_ factors: [Int?]) -> Int? {
        var total = 1
        for factor in factors {
            guard let factor, factor >= 0 else { return nil }
            let (result, overflow) = total.multipliedReportingOverflow(by: factor)
            guard !overflow, result <= maximum else { return nil }
            total = result
        }
        return total
    }

    /// `size` kept only when it is in `0...maximum` (a computed size that left it is unknown).
    static func bounded(_ size: Int?) -> Int? {
        guard let size, size >= 0, size <= maximum else { return nil }
        return size
    }
}
