import CoreOps
import Rewrite
import RuleFiles

/// Turns a rewrite's normal form (core-op terms) into the ``CoreOpGraph`` backends take, each
/// node's attributes resolved against the catalog (defaults filled in, values canonical).
struct CoreOpGraphBuilder {
    let result: RewriteResult
    /// The variable names of the layer's inputs, in input order.
    let inputs: [String]

    struct Failure: Error {
        var message: String
    }

    func build() throws(Failure) -> CoreOpGraph {
        var nodes: [CoreOpGraph.Node] = []
        var done: [TermID: CoreOpGraph.Value] = [:]
        let output = try value(result.root, &nodes, &done)
        return CoreOpGraph(inputCount: inputs.count, nodes: nodes, output: output)
    }

    private func value(
        _ id: TermID, _ nodes: inout [CoreOpGraph.Node], _ done: inout [TermID: CoreOpGraph.Value]
    ) throws(Failure) -> CoreOpGraph.Value {
        if let known = done[id] { return known }
        let graph = result.graph
        let value: CoreOpGraph.Value
        switch graph[id] {
        case .variable(let name):
            guard let index = inputs.firstIndex(of: name) else { throw Failure(message: "unknown input \(name)") }
            value = .input(index)
        case .constant(let literal):
            guard let number = literal.number else { throw Failure(message: "constant \(literal) is not a number") }
            value = .scalar(number)
        case .symbol(let name):
            throw Failure(message: "\(name) is not a core op")
        case .apply(let head, let arguments, let keywords):
            var operands: [CoreOpGraph.Value] = []
            for argument in arguments { operands.append(try self.value(argument, &nodes, &done)) }
            var attributes: [String: AttributeValue] = [:]
            for keyword in keywords {
                guard let attribute = CoreVocabulary.attribute(keyword.value, in: graph) else {
                    throw Failure(message: "\(head): attribute \(keyword.name) is not a constant")
                }
                attributes[keyword.name] = attribute
            }
            nodes.append(try node(head, operands, attributes, rule: result.provenance[id]))
            value = .node(nodes.count - 1)
        }
        done[id] = value
        return value
    }

    /// The node with every attribute of its op, given or defaulted by the catalog, so no backend
    /// restates a default.
    private func node(
        _ op: String, _ operands: [CoreOpGraph.Value], _ attributes: [String: AttributeValue], rule: String?
    ) throws(Failure) -> CoreOpGraph.Node {
        do {
            return try CoreOpGraph.Node(resolving: op, operands: operands, attributes: attributes, rule: rule)
        } catch {
            throw Failure(message: "\(error)")
        }
    }
}
