/// One op of the core vocabulary: what rewrite rules may produce and every backend lowers.
///
/// An op is data: its operand count, its attributes with their defaults, a shape rule and a
/// reference evaluation. The rule engine uses the first three to check rules (`lint`) and the
/// evaluation to run numeric rule tests; backends use the name and attributes to lower it.
public struct CoreOp: Sendable {
    /// Infers the output shape from the operands' shapes (nil for an unknown dimension, such as
    /// the batch) and the attributes.
    public typealias ShapeRule = @Sendable ([[Int?]], [String: AttributeValue]) throws(CoreOpError) -> [Int?]
    /// Computes the output from concrete operands and the attributes.
    public typealias Evaluation = @Sendable ([Tensor], [String: AttributeValue]) throws(CoreOpError) -> Tensor

    /// The op's name as rules write it (`reduce_mean`).
    public let name: String
    /// One line saying what the op computes.
    public let summary: String
    /// How many tensor operands it takes.
    public let operands: Arity
    /// The attributes it accepts, in the order rules conventionally write them.
    public let attributes: [AttributeSpec]
    /// The shape rule.
    ///
    /// It checks the operand count, fills in default attributes and rejects unknown or ill-typed
    /// ones itself, so it accepts attributes as a call gives them.
    /// - Throws: `CoreOpError` for shapes the op cannot take (an incompatible broadcast, an axis out
    ///   of range, a reshape whose known sizes disagree), naming the op and the shapes.
    public let shape: ShapeRule
    /// The reference evaluation, in double precision.
    ///
    /// Like `shape`, it validates the operand count and attributes before computing.
    /// - Throws: `CoreOpError` for operands or attributes the op cannot take.
    public let evaluate: Evaluation

    /// Builds an op from rules that read already-validated attributes.
    init(
        name: String, summary: String, operands: Arity, attributes: [AttributeSpec] = [],
        shape: @escaping @Sendable ([[Int?]], AttributeReader) throws(CoreOpError) -> [Int?],
        evaluate: @escaping @Sendable ([Tensor], AttributeReader) throws(CoreOpError) -> Tensor
    ) {
        self.name = name
        self.summary = summary
        self.operands = operands
        self.attributes = attributes
        self.shape = { shapes, given throws(CoreOpError) in
            let reader = try Self.prepare(name, operands, attributes, count: shapes.count, given: given)
            do throws(CoreOpError) {
                return try shape(shapes, reader)
            } catch {
                throw error.attributed(to: name)
            }
        }
        self.evaluate = { tensors, given throws(CoreOpError) in
            let reader = try Self.prepare(name, operands, attributes, count: tensors.count, given: given)
            do throws(CoreOpError) {
                return try evaluate(tensors, reader)
            } catch {
                throw error.attributed(to: name)
            }
        }
    }

    /// The attributes of a call with defaults filled in and values in their kind's canonical form.
    ///
    /// - Parameter given: the attributes the call names.
    /// - Returns: every attribute of the op, each with its given or default value.
    /// - Throws: `CoreOpError` for an attribute the op does not have, a required attribute that is
    ///   missing, or a value of the wrong kind.
    public func resolvedAttributes(_ given: [String: AttributeValue]) throws(CoreOpError) -> [String: AttributeValue] {
        try Self.resolve(name, attributes, given)
    }

    /// The attribute called `name`, or nil when the op has none by that name.
    public func attribute(named name: String) -> AttributeSpec? {
        attributes.first { $0.name == name }
    }

    /// Checks that a call with `count` operands has the right number.
    /// - Throws: `CoreOpError` saying how many operands the op expects.
    public func checkOperandCount(_ count: Int) throws(CoreOpError) {
        try Self.checkOperandCount(name, operands, count)
    }

    private static func prepare(
        _ name: String, _ operands: Arity, _ specs: [AttributeSpec], count: Int, given: [String: AttributeValue]
    ) throws(CoreOpError) -> AttributeReader {
        try checkOperandCount(name, operands, count)
        return AttributeReader(values: try resolve(name, specs, given))
    }

    private static func checkOperandCount(_ name: String, _ operands: Arity, _ count: Int) throws(CoreOpError) {
        guard operands.accepts(count) else {
            throw CoreOpError(op: name, message: "expects \(operands), got \(count)")
        }
    }

    private static func resolve(
        _ name: String, _ specs: [AttributeSpec], _ given: [String: AttributeValue]
    ) throws(CoreOpError) -> [String: AttributeValue] {
        let known = Set(specs.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            let expected =
                specs.isEmpty
                ? "it takes no attributes" : "expected " + specs.map(\.name).joined(separator: ", ")
            throw CoreOpError(op: name, message: "unknown attribute '\(unknown)' (\(expected))")
        }
        var resolved: [String: AttributeValue] = [:]
        for spec in specs {
            guard let value = given[spec.name] ?? spec.defaultValue else {
                throw CoreOpError(op: name, message: "missing required attribute '\(spec.name)' (\(spec.kind))")
            }
            guard let canonical = spec.canonical(value) else {
                throw CoreOpError(op: name, message: "attribute '\(spec.name)' must be \(spec.kind), got \(value)")
            }
            resolved[spec.name] = canonical
        }
        return resolved
    }
}
