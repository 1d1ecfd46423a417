/// The parts of a term that are not core ops: what no rule rewrote.
struct Residue {
    let graph: TermGraph
    let vocabulary: Vocabulary

    /// Maximal non-core subterms; constants and displays inside core-op attributes are fine.
    func terms(in root: TermID) -> [TermID] {
        var found: [TermID] = []
        var seen: Set<TermID> = []
        collect(root, asAttribute: false, into: &found, seen: &seen)
        return found
    }

    private func collect(_ id: TermID, asAttribute: Bool, into found: inout [TermID], seen: inout Set<TermID>) {
        guard seen.insert(id).inserted else { return }
        switch graph[id] {
        case .constant, .variable:
            return
        case .symbol:
            if !asAttribute { found.append(id) }
        case .apply(let head, let arguments, let keywords):
            if asAttribute, head == "py.tuple" || head == "py.list" {
                for child in arguments { collect(child, asAttribute: true, into: &found, seen: &seen) }
                return
            }
            guard vocabulary.isCoreOp(head) else {
                found.append(id)
                return
            }
            for argument in arguments { collect(argument, asAttribute: false, into: &found, seen: &seen) }
            for keyword in keywords { collect(keyword.value, asAttribute: true, into: &found, seen: &seen) }
        }
    }
}
