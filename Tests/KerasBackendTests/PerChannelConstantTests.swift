import CoreOps
import JSON
import Testing

@testable import KerasBackend

/// A constant that varies along the last axis only, met by + - * / with a tensor, becomes one
/// `Rescaling` with list `scale` and `offset` (fixtures: the per_channel family, checked in Keras by
/// scripts/check_keras.py); every other use of a constant tensor is refused with the reason.
@Suite struct PerChannelConstantTests {
    static func graph(_ op: String, constant: [Double], shape: [Int], constantFirst: Bool = false) -> CoreOpGraph {
        let const = CoreOpGraph.Node(
            op: "const", operands: [], attributes: ["value": .floats(constant), "shape": .ints(shape)], rule: nil)
        let operands: [CoreOpGraph.Value] = constantFirst ? [.node(0), .input(0)] : [.input(0), .node(0)]
        return CoreOpGraph(
            inputCount: 1, nodes: [const, .init(op: op, operands: operands, attributes: [:], rule: nil)],
            output: .node(1))
    }

    @Test(arguments: [KerasDialect.keras2, .keras3])
    func meanAndStdBecomeOneRescaling(_ dialect: KerasDialect) throws {
        // (x - mean) / std
        let mean = CoreOpGraph.Node(
            op: "const", operands: [], attributes: ["value": .floats([1, 2, 3]), "shape": .ints([3])], rule: nil)
        let std = CoreOpGraph.Node(
            op: "const", operands: [], attributes: ["value": .floats([2, 4, 8]), "shape": .ints([1, 1, 3])], rule: nil)
        let graph = CoreOpGraph(
            inputCount: 1,
            nodes: [
                mean, .init(op: "sub", operands: [.input(0), .node(0)], attributes: [:], rule: nil), std,
                .init(op: "div", operands: [.node(1), .node(2)], attributes: [:], rule: nil),
            ], output: .node(3))
        var planner = LayerPlanner(dialect: dialect, inputShapes: [[nil, 5, 3]])
        let output = try planner.plan(graph)
        #expect(output == .layer(0))
        #expect(planner.layers.count == 1)
        let layer = try #require(planner.layers.first)
        #expect(layer.className == "Rescaling")
        #expect(layer.config["scale"] == .array([.double(0.5), .double(0.25), .double(0.125)]))
        #expect(layer.config["offset"] == .array([.double(-0.5), .double(-0.5), .double(-0.375)]))
        #expect(layer.shape == [nil, 5, 3])
    }

    @Test func aConstantMinusTheTensorNegatesTheScale() throws {
        var planner = LayerPlanner(dialect: .keras2, inputShapes: [[nil, 3]])
        _ = try planner.plan(Self.graph("sub", constant: [1, 2, 3], shape: [3], constantFirst: true))
        #expect(planner.layers.first?.config["scale"] == .double(-1))
        #expect(planner.layers.first?.config["offset"] == .array([.double(1), .double(2), .double(3)]))
    }

    /// Each refused form and what the failure says.
    static let refused: [(graph: CoreOpGraph, shape: [Int?], says: String)] = [
        (graph("mul", constant: [1, 2], shape: [2]), [nil, 4, 3], "needs an input whose last dimension is 2"),
        (graph("div", constant: [1, 0, 2], shape: [3]), [nil, 3], "no built-in form with this constant operand"),
        (graph("div", constant: [1, 2, 3], shape: [3], constantFirst: true), [nil, 3], "a constant first operand"),
        (graph("add", constant: [1, 2, 3, 4], shape: [2, 2]), [nil, 2, 2], "varies along more than the last axis"),
        (graph("add", constant: [1, 2, 3], shape: [1, 1, 1, 3]), [nil, 3], "a tensor of known rank 4 or more"),
        (graph("maximum", constant: [1, 2, 3], shape: [3]), [nil, 3], "only + - * / with a tensor"),
    ]

    @Test(arguments: 0..<refused.count)
    func otherConstantTensorsAreRefused(_ index: Int) {
        let (graph, shape, says) = Self.refused[index]
        var planner = LayerPlanner(dialect: .keras2, inputShapes: [shape])
        let error = #expect(throws: KerasRewriteFailure.self) { try planner.plan(graph) }
        #expect(error?.message.contains(says) == true, "\(String(describing: error))")
    }
}
