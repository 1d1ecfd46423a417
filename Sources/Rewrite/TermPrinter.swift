import Foundation

/// Prints terms the way rule authors write them: core ops and library calls as calls, Python
/// forms (`py.getitem`, `py.tuple`...) back in Python syntax.
struct TermPrinter {
    let graph: TermGraph
    /// Past this many nodes a term is shortened with `...`.
    var limit = 400

    func text(_ id: TermID) -> String {
        var budget = limit
        return text(id, &budget)
    }

    private func text(_ id: TermID, _ budget: inout Int) -> String {
        budget -= 1
        guard budget > 0 else { return "..." }
        switch graph[id] {
        case .constant(let literal): return literal.description
        case .symbol(let name), .variable(let name): return name
        case .apply(let head, let arguments, let keywords):
            let items = arguments.map { text($0, &budget) }
            let named = keywords.map { "\($0.name)=\(text($0.value, &budget))" }
            return python(head, items, named) ?? "\(head)(\((items + named).joined(separator: ", ")))"
        }
    }

    private func python(_ head: String, _ items: [String], _ named: [String]) -> String? {
        switch head {
        case "py.tuple": return items.count == 1 ? "(\(items[0]),)" : "(\(items.joined(separator: ", ")))"
        case "py.list": return "[\(items.joined(separator: ", "))]"
        case "py.getitem" where items.count == 2:
            let index =
                items[1].hasPrefix("(") && items[1].hasSuffix(")") ? String(items[1].dropFirst().dropLast()) : items[1]
            return "\(items[0])[\(index)]"
        case "py.slice" where items.count == 3:
            let parts = items.map { $0 == "None" ? "" : $0 }
            return parts[2].isEmpty ? "\(parts[0]):\(parts[1])" : parts.joined(separator: ":")
        case "py.getattr" where items.count == 2:
            return "\(items[0]).\(items[1].trimmingCharacters(in: ["'"]))"
        default:
            guard head.hasPrefix("py.method."), let base = items.first else { return nil }
            let method = head.dropFirst("py.method.".count)
            return "\(base).\(method)(\((Array(items.dropFirst()) + named).joined(separator: ", ")))"
        }
    }
}
