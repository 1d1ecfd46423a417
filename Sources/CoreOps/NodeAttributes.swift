/// Typed reads of a graph node's attributes, for backends.
///
/// The pipeline builds every node with all its op's attributes, defaults filled in from the
/// catalog, so a backend never restates a default: a read of an attribute the node lacks (or
/// holds in another kind) is a bug upstream, reported as the backend's own error naming the op
/// and the attribute rather than papered over with a fallback value.
public struct NodeAttributes<Failure: Error> {
    /// The node whose attributes are read.
    public let node: CoreOpGraph.Node
    private let failure: (CoreOpError) -> Failure

    /// Reads `node`'s attributes; a failed read throws `failure` of the error naming the op and
    /// the attribute.
    public init(_ node: CoreOpGraph.Node, failure: @escaping (CoreOpError) -> Failure) {
        self.node = node
        self.failure = failure
    }

    public func int(_ name: String) throws(Failure) -> Int {
        try read { reader throws(CoreOpError) in try reader.int(name) }
    }

    public func float(_ name: String) throws(Failure) -> Double {
        try read { reader throws(CoreOpError) in try reader.float(name) }
    }

    public func bool(_ name: String) throws(Failure) -> Bool {
        try read { reader throws(CoreOpError) in try reader.bool(name) }
    }

    public func string(_ name: String) throws(Failure) -> String {
        try read { reader throws(CoreOpError) in try reader.string(name) }
    }

    /// A list of ints; one int reads as a one-item list.
    public func ints(_ name: String) throws(Failure) -> [Int] {
        try read { reader throws(CoreOpError) in try reader.ints(name) }
    }

    /// A list of ints, or nil for `None` (all axes, or the op's own meaning of none).
    public func intsOrNone(_ name: String) throws(Failure) -> [Int]? {
        try read { reader throws(CoreOpError) in try reader.intsOrNone(name) }
    }

    private func read<T>(_ body: (AttributeReader) throws(CoreOpError) -> T) throws(Failure) -> T {
        do {
            return try body(AttributeReader(values: node.attributes))
        } catch {
            throw failure(error.attributed(to: node.op))
        }
    }
}

extension CoreOpGraph.Node {
    /// A node of the catalog's op `op`, its attributes resolved: every attribute of the op, each
    /// given or defaulted, in its kind's canonical form.
    ///
    /// - Throws: `CoreOpError` for an op the catalog lacks, or attributes it does not accept.
    public init(
        resolving op: String, operands: [CoreOpGraph.Value], attributes: [String: AttributeValue], rule: String?
    ) throws(CoreOpError) {
        guard let known = CoreOpCatalog.op(named: op) else { throw CoreOpError(op: op, message: "not a core op") }
        self.init(op: op, operands: operands, attributes: try known.resolvedAttributes(attributes), rule: rule)
    }
}
