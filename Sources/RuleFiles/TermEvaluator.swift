import CoreOps
import Rewrite

/// Evaluates a core-op term on tensors with the catalog's reference evaluation: what numeric
/// rule tests compare with TensorFlow's recorded outputs.
struct TermEvaluator {
    let graph: TermGraph
    let inputs: [String: Tensor]
    private var cache: [TermID: Tensor] = [:]

    init(graph: TermGraph, inputs: [String: Tensor]) {
        self.graph = graph
        self.inputs = inputs
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    mutating func evaluate(_ id: TermID) throws(Failure) -> Tensor {
        if let known = cache[id] { return known }
        let value: Tensor
        switch graph[id] {
        case .constant(let literal):
            guard let number = literal.number else { throw Failure(description: "constant \(literal) is not a number") }
            value = Tensor(scalar: number)
        case .variable(let name):
            guard let tensor = inputs[name] else { throw Failure(description: "no input for \(name)") }
            value = tensor
        case .symbol(let name):
            throw Failure(description: "\(name) is not a core op")
        case .apply(let head, let arguments, let keywords):
            guard let op = CoreOpCatalog.op(named: head) else { throw Failure(description: "\(head) is not a core op") }
            var operands: [Tensor] = []
            for argument in arguments { operands.append(try evaluate(argument)) }
            var attributes: [String: AttributeValue] = [:]
            for keyword in keywords {
                guard let attribute = CoreVocabulary.attribute(keyword.value, in: graph) else {
                    throw Failure(description: "\(head): attribute \(keyword.name) is not a constant")
                }
                attributes[keyword.name] = attribute
            }
            do {
                value = try op.evaluate(operands, try op.resolvedAttributes(attributes))
            } catch {
                throw Failure(description: "\(error)")
            }
        }
        cache[id] = value
        return value
    }
}
