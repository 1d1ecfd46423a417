/// Builds document trees from parse events with an explicit stack, resolving aliases and enforcing
/// the limits that keep a hostile file from exhausting memory or the call stack of tree walkers.
struct YAMLTreeBuilder {
    /// Nodes in all documents once aliases are expanded; a "billion laughs" file exceeds it after a
    /// few aliases while any real rule file stays far below.
    static let maximumNodeCount = 100_000
    /// Collections nested in collections; recursive consumers stay well inside their stack at this depth.
    static let maximumDepth = 200

    /// A parsed document and where it starts.
    struct Document {
        var root: YAMLNode
        var mark: YAMLMark
    }

    /// A finished node with the measures the limits need, so a copy made by an alias is checked in
    /// constant time.
    private struct Measured {
        var node: YAMLNode
        /// The node and all its descendants.
        var size: Int
        /// Collection levels: 0 for a scalar, 1 for a collection of scalars.
        var height: Int
    }

    /// A collection whose end event has not come yet.
    private struct OpenCollection {
        var kind: YAMLEvent.CollectionKind
        var mark: YAMLMark
        var anchor: String?
        /// Items, or keys and values alternating.
        var children: [YAMLNode] = []
        var size = 1
        var height = 1
    }

    private(set) var documents: [Document] = []
    private var documentMark = YAMLMark(line: 1, column: 1)
    private var root: YAMLNode?
    private var stack: [OpenCollection] = []
    private var anchors: [String: Measured] = [:]
    private var nodeCount = 0

    mutating func consume(_ event: YAMLEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart(let mark):
            documentMark = mark
            root = nil
            // Anchors are local to their document.
            anchors = [:]
        case .documentEnd:
            if let root { documents.append(Document(root: root, mark: documentMark)) }
        case .alias(let name, let mark):
            try alias(name, at: mark)
        case .scalar(let scalar, let anchor):
            try count(1, at: scalar.mark)
            finish(Measured(node: .scalar(scalar), size: 1, height: 0), anchor: anchor)
        case .collectionStart(let kind, let anchor, let mark):
            guard stack.count < Self.maximumDepth else {
                throw YAMLError("collections are nested more than \(Self.maximumDepth) deep", mark: mark)
            }
            try count(1, at: mark)
            stack.append(OpenCollection(kind: kind, mark: mark, anchor: anchor))
        case .collectionEnd:
            guard let open = stack.popLast() else { return }
            finish(Measured(node: Self.node(of: open), size: open.size, height: open.height), anchor: open.anchor)
        }
    }

    /// Places a copy of the anchored node, after checking it keeps the tree within the limits.
    private mutating func alias(_ name: String, at mark: YAMLMark) throws(YAMLError) {
        guard let anchored = anchors[name] else {
            let open = stack.contains { $0.anchor == name }
            let problem = open ? "refers to the collection that contains it" : "is not defined before this point"
            throw YAMLError("alias *\(name) \(problem)", mark: mark)
        }
        guard stack.count + anchored.height <= Self.maximumDepth else {
            throw YAMLError(
                "alias *\(name) nests collections more than \(Self.maximumDepth) deep", mark: mark)
        }
        try count(anchored.size, at: mark)
        finish(anchored, anchor: nil)
    }

    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        nodeCount += nodes
        guard nodeCount <= Self.maximumNodeCount else {
            throw YAMLError(
                "the YAML expands to more than \(Self.maximumNodeCount) nodes (are aliases nested?)", mark: mark)
        }
    }

    /// Records a complete node as its anchor's target and as the next child of the open collection,
    /// or as the document's root.
    private mutating func finish(_ measured: Measured, anchor: String?) {
        if let anchor { anchors[anchor] = measured }
        guard var parent = stack.popLast() else {
            root = measured.node
            return
        }
        parent.children.append(measured.node)
        parent.size += measured.size
        parent.height = max(parent.height, measured.height + 1)
        stack.append(parent)
    }

    private static func node(of collection: OpenCollection) -> YAMLNode {
        switch collection.kind {
        case .sequence:
            return .sequence(collection.children, collection.mark)
        case .mapping:
            // libyaml always closes a mapping after a value, so the children pair up exactly.
            let pairs = stride(from: 0, to: collection.children.count - 1, by: 2).map {
                YAMLPair(key: collection.children[$0], value: collection.children[$0 + 1])
            }
            return .mapping(pairs, collection.mark)
        }
    }
}
