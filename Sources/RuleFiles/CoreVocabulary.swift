import CoreOps
import Rewrite

/// The core-op catalog as the rule engine sees it: signatures (operands positional, attributes
/// as keywords with their defaults) and shape rules over terms.
public enum CoreVocabulary {
    static let signatures: [String: Signature] = {
        var result: [String: Signature] = [:]
        for op in CoreOpCatalog.all {
            let operands: [Signature.Parameter]
            switch op.operands {
            case .fixed(let count): operands = (0..<count).map { Signature.Parameter(name: "operand\($0)") }
            case .variadic: operands = [Signature.Parameter(name: "operands", isVariadic: true)]
            }
            let attributes = op.attributes.map { attribute in
                Signature.Parameter(name: attribute.name, defaultValue: attribute.defaultValue.map(pattern))
            }
            result[op.name] = Signature(parameters: operands + attributes, positionalCount: operands.count)
        }
        return result
    }()

    /// An attribute value as the constant pattern a term holds.
    static func pattern(_ value: AttributeValue) -> Pattern {
        switch value {
        case .int(let number): return .constant(.int(number))
        case .float(let number): return .constant(.float(number))
        case .bool(let flag): return .constant(.bool(flag))
        case .string(let text): return .constant(.string(text))
        case .none: return .constant(.none)
        case .ints(let numbers):
            return .apply(head: "py.tuple", arguments: numbers.map { .constant(.int($0)) }, keywords: [])
        case .floats(let numbers):
            return .apply(head: "py.tuple", arguments: numbers.map { .constant(.float($0)) }, keywords: [])
        }
    }

    /// An attribute term as the catalog's value; nil when it is not a constant.
    public static func attribute(_ id: TermID, in graph: TermGraph) -> AttributeValue? {
        switch graph[id] {
        case .constant(.int(let number)): return .int(number)
        case .constant(.float(let number)): return .float(number)
        case .constant(.bool(let flag)): return .bool(flag)
        case .constant(.string(let text)): return .string(text)
        case .constant(.none): return AttributeValue.none
        case .apply(let head, let items, _) where head == "py.tuple" || head == "py.list":
            let literals = items.compactMap(graph.literal(of:))
            guard literals.count == items.count else { return nil }
            let ints = literals.compactMap { literal -> Int? in if case .int(let n) = literal { n } else { nil } }
            if ints.count == literals.count { return .ints(ints) }
            let floats = literals.compactMap(\.number)
            return floats.count == literals.count ? .floats(floats) : nil
        default: return nil
        }
    }

    /// The catalog's shape rule applied to a term's operands and attributes.
    static func shape(_ graph: TermGraph, _ head: String, _ operands: [[Int?]], _ attributes: [String: TermID])
        -> [Int?]?
    {
        guard let op = CoreOpCatalog.op(named: head) else { return nil }
        var values: [String: AttributeValue] = [:]
        for (name, id) in attributes {
            guard let value = attribute(id, in: graph) else { return nil }
            values[name] = value
        }
        guard let resolved = try? op.resolvedAttributes(values) else { return nil }
        return try? op.shape(operands, resolved)
    }
}
