/// A table keyed by name, joined from per-family parts, where a key given twice is a mistake.
///
/// Tables of ops (the catalog, each backend's lowerings and refusals, the Core ML evaluator's
/// layer kinds) are split by family across files; joining them with `merging { first, _ in first }`
/// would hide an entry written twice. Tables are static, so a duplicate cannot throw where the
/// table is built without crashing the program at its first use: it is recorded in
/// ``duplicates`` instead (the first value is kept), and each table's tests require that list to
/// be empty. ``merged(_:)`` is the throwing form, for tables built at run time.
public struct OpTable<Value> {
    /// The entries by key.
    public let entries: [String: Value]
    /// Keys given more than once, in the order met; empty for a well-formed table.
    public let duplicates: [String]

    /// Joins `parts`, recording keys that more than one part (or one part twice) gives.
    public init(_ parts: [(key: String, value: Value)]) {
        var entries: [String: Value] = [:]
        var duplicates: [String] = []
        for (key, value) in parts {
            if entries[key] == nil {
                entries[key] = value
            } else if !duplicates.contains(key) {
                duplicates.append(key)
            }
        }
        self.entries = entries
        self.duplicates = duplicates
    }

    /// Joins dictionaries, in order.
    public init(merging parts: [[String: Value]]) {
        self.init(parts.flatMap { part in part.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) } })
    }

    /// Indexes `items` by `key`.
    public init<Items: Sequence<Value>>(indexing items: Items, by key: (Value) -> String) {
        self.init(items.map { (key: key($0), value: $0) })
    }

    /// The entry for `key`, or nil when the table has none.
    public subscript(key: String) -> Value? {
        entries[key]
    }

    /// Every key, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// The entries of `parts` joined.
    ///
    /// - Throws: ``DuplicateKeys`` naming every key given more than once.
    public static func merged(_ parts: [[String: Value]]) throws(DuplicateKeys) -> [String: Value] {
        let table = OpTable(merging: parts)
        guard table.duplicates.isEmpty else { throw DuplicateKeys(keys: table.duplicates) }
        return table.entries
    }
}

extension OpTable: Sendable where Value: Sendable {}

/// Keys a table was given more than once.
public struct DuplicateKeys: Error, Hashable, Sendable, CustomStringConvertible {
    /// The keys, in the order met.
    public var keys: [String]

    public init(keys: [String]) {
        self.keys = keys
    }

    /// `duplicate keys: 'exp', 'relu'`.
    public var description: String {
        "duplicate keys: " + keys.map { "'\($0)'" }.joined(separator: ", ")
    }
}
