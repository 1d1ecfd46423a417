import JSON

/// Addressing the nodes of a parsed config, so that a mutation can pick any node at random and
/// replace it.
enum JSONTree {
    /// One step down: the n-th member of an object or the n-th element of an array.
    typealias Path = [Int]

    /// Every node's path, the root's (empty) first, parents before children.
    static func paths(in value: JSONValue) -> [Path] {
        var result: [Path] = []
        var pending: [(Path, JSONValue)] = [([], value)]
        while let (path, node) = pending.popLast() {
            result.append(path)
            switch node {
            case .array(let elements):
                for (index, element) in elements.enumerated() { pending.append((path + [index], element)) }
            case .object(let object):
                for (index, member) in object.members.enumerated() { pending.append((path + [index], member.value)) }
            default: break
            }
        }
        return result
    }

    /// The node at `path`, or `nil` when the path leads nowhere.
    static func value(at path: Path, in root: JSONValue) -> JSONValue? {
        var node = root
        for step in path {
            switch node {
            case .array(let elements) where elements.indices.contains(step): node = elements[step]
            case .object(let object) where object.members.indices.contains(step): node = object.members[step].value
            default: return nil
            }
        }
        return node
    }

    /// `root` with the node at `path` replaced by what `change` makes of it (`nil`: removed).
    static func updating(_ root: JSONValue, at path: Path, _ change: (JSONValue) -> JSONValue?) -> JSONValue? {
        guard let step = path.first else { return change(root) }
        let rest = Array(path.dropFirst())
        switch root {
        case .array(var elements) where elements.indices.contains(step):
            if let changed = rest.isEmpty ? change(elements[step]) : updating(elements[step], at: rest, change) {
                elements[step] = changed
            } else {
                elements.remove(at: step)
            }
            return .array(elements)
        case .object(let object) where object.members.indices.contains(step):
            var members = object.members
            let old = members[step].value
            if let changed = rest.isEmpty ? change(old) : updating(old, at: rest, change) {
                members[step].value = changed
            } else {
                members.remove(at: step)
            }
            return .object(JSONObject(members))
        default:
            return root
        }
    }

    /// The key of the member the path ends at, when it ends in an object.
    static func key(at path: Path, in root: JSONValue) -> String? {
        guard let last = path.last, case .object(let object)? = value(at: Array(path.dropLast()), in: root),
            object.members.indices.contains(last)
        else { return nil }
        return object.members[last].key
    }
}
