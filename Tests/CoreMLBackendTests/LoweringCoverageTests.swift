import CoreMLEvaluator
import CoreOps
import Testing

@testable import CoreMLBackend

/// Every core op is either lowered to Core ML layers or refused with a reason, never both and
/// never neither; the tables name only catalog ops, each once.
@Suite struct LoweringCoverageTests {
    @Test(arguments: CoreOpCatalog.names)
    func opIsLoweredOrRefused(_ op: String) {
        let lowered = LambdaLowering.lowerings[op] != nil
        let refused = LambdaLowering.refusals[op] != nil
        #expect(lowered != refused, "\(op): lowered \(lowered), refused \(refused)")
    }

    @Test func tablesNameOnlyCatalogOps() {
        let names = Set(CoreOpCatalog.names)
        #expect(LambdaLowering.lowerings.keys.filter { !names.contains($0) } == [])
        #expect(LambdaLowering.refusals.keys.filter { !names.contains($0) } == [])
    }

    @Test func tablesHaveNoDuplicateKeys() {
        #expect(LambdaLowering.lowerings.duplicates == [])
        #expect(LambdaLowering.refusals.duplicates == [])
    }

    /// A refused op's error is its refusal, naming the layer.
    @Test func aRefusedOpSaysWhy() throws {
        for (op, message) in LambdaLowering.refusals.entries {
            do {
                _ = try LambdaLoweringOpTests.lowered(.init(op: op, shapes: [[1, 4]]))
                Issue.record("\(op) was lowered")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }

    /// A node built without the catalog's defaults is refused naming the op and the attribute,
    /// not lowered with a default the backend would have to know.
    @Test func aMissingAttributeIsAnErrorNamingIt() {
        let graph = CoreOpGraph(
            inputCount: 1, nodes: [.init(op: "softmax", operands: [.input(0)], attributes: [:], rule: nil)],
            output: .node(0))
        var builder = NetworkBuilder(stream: LayerStream { _ in })
        builder.reserve("input0", shape: [1, 4])
        var lowering = LambdaLowering(layerName: "lambda", className: "Lambda", builder: builder)
        #expect {
            try lowering.lower(graph, inputs: ["input0"])
        } throws: { error in
            "\(error)".contains("softmax: attribute 'axis' is missing")
        }
    }
}
