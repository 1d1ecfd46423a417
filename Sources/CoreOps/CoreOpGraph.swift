/// A Lambda's function as backends receive it: core ops over the layer's inputs, in an order
/// where every operand comes before its use. Built from the rewrite engine's result by the
/// pipeline, so no backend needs the engine.
public struct CoreOpGraph: Hashable, Sendable {
    /// What an operand refers to.
    public enum Value: Hashable, Sendable {
        /// The layer's input number `index`.
        case input(Int)
        /// The result of node `index`.
        case node(Int)
        /// A scalar constant.
        case scalar(Double)
    }

    public struct Node: Hashable, Sendable {
        public var op: String
        public var operands: [Value]
        public var attributes: [String: AttributeValue]
        /// The rule that produced this op, for provenance in layer names and reports.
        public var rule: String?

        public init(op: String, operands: [Value], attributes: [String: AttributeValue], rule: String?) {
            self.op = op
            self.operands = operands
            self.attributes = attributes
            self.rule = rule
        }
    }

    public var inputCount: Int
    public var nodes: [Node]
    /// The layer's output.
    public var output: Value

    public init(inputCount: Int, nodes: [Node], output: Value) {
        self.inputCount = inputCount
        self.nodes = nodes
        self.output = output
    }
}
