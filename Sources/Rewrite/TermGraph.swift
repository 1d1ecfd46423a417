/// The identity of a hash-consed term: equal terms have equal ids, so comparing subtrees
/// (a repeated metavariable, a memo lookup, a cycle check) is one integer comparison.
public struct TermID: Hashable, Sendable, Comparable, CustomStringConvertible {
    let index: Int32

    public static func < (lhs: TermID, rhs: TermID) -> Bool { lhs.index < rhs.index }
    public var description: String { "#\(index)" }
}

/// A keyword argument of an applied term.
public struct TermKeyword: Hashable, Sendable {
    public var name: String
    public var value: TermID

    public init(_ name: String, _ value: TermID) {
        self.name = name
        self.value = value
    }
}

/// One node of a term.
public enum TermNode: Hashable, Sendable {
    case constant(Literal)
    /// A module or function reference that is not applied (`tensorflow.float32`).
    case symbol(String)
    /// A tensor the function receives: a bound input parameter.
    case variable(String)
    /// `head(arguments..., keyword=value...)`: a core op, a library call (`tensorflow.math.square`),
    /// a Python operator (`add`), or a structural form (`tuple`, `getitem`, `__slice__`).
    case apply(head: String, arguments: [TermID], keywords: [TermKeyword])
}

/// The store of hash-consed terms one rewrite works in.
public final class TermGraph {
    private(set) var nodes: [TermNode] = []
    private var ids: [TermNode: TermID] = [:]

    public init() {}

    /// The id of `node`, adding it if new.
    public func intern(_ node: TermNode) -> TermID {
        if let id = ids[node] { return id }
        let id = TermID(index: Int32(nodes.count))
        nodes.append(node)
        ids[node] = id
        return id
    }

    public subscript(id: TermID) -> TermNode { nodes[Int(id.index)] }

    public func constant(_ literal: Literal) -> TermID { intern(.constant(literal)) }

    public func apply(_ head: String, _ arguments: [TermID], _ keywords: [TermKeyword] = []) -> TermID {
        intern(.apply(head: head, arguments: arguments, keywords: keywords))
    }

    /// The head of an applied term, nil otherwise.
    public func head(of id: TermID) -> String? {
        if case .apply(let head, _, _) = self[id] { return head }
        return nil
    }

    /// The literal of a constant term.
    public func literal(of id: TermID) -> Literal? {
        if case .constant(let literal) = self[id] { return literal }
        return nil
    }

    /// Direct subterms: arguments, then keyword values.
    public func children(of id: TermID) -> [TermID] {
        if case .apply(_, let arguments, let keywords) = self[id] { return arguments + keywords.map(\.value) }
        return []
    }

    /// Number of nodes of the tree (shared subterms counted at every use), for pattern sizes.
    public func size(of id: TermID) -> Int {
        1 + children(of: id).reduce(0) { $0 + size(of: $1) }
    }
}
