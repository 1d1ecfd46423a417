import CoreOps
import Testing

@testable import ONNXBackend

/// Every core op is either lowered to ONNX nodes or refused with a reason, never both and never
/// neither; the tables name only catalog ops, each once.
@Suite struct ONNXCoverageTests {
    @Test(arguments: CoreOpCatalog.names)
    func opIsLoweredOrRefused(_ op: String) {
        let lowered = ONNXLowering.lowerings[op] != nil
        let refused = ONNXLowering.refusals[op] != nil
        #expect(lowered != refused, "\(op): lowered \(lowered), refused \(refused)")
    }

    @Test func tablesNameOnlyCatalogOps() {
        let names = Set(CoreOpCatalog.names)
        #expect(ONNXLowering.lowerings.keys.filter { !names.contains($0) } == [])
        #expect(ONNXLowering.refusals.keys.filter { !names.contains($0) } == [])
    }

    @Test func tablesHaveNoDuplicateKeys() {
        #expect(ONNXLowering.lowerings.duplicates == [])
        #expect(ONNXLowering.refusals.duplicates == [])
    }

    /// A refused op's error is its refusal, naming the layer.
    @Test func aRefusedOpSaysWhy() throws {
        for (op, message) in ONNXLowering.refusals.entries {
            let graph = CoreOpGraph(
                inputCount: 1, nodes: [.init(op: op, operands: [.input(0)], attributes: [:], rule: nil)],
                output: .node(0))
            var builder = ONNXGraphBuilder(opset: .standard)
            builder.input("x", shape: [1, 4])
            var lowering = ONNXLowering(layerName: "lambda", className: "Lambda", builder: builder)
            #expect {
                try lowering.lower(graph, inputs: ["x"])
            } throws: { error in
                "\(error)".contains(message) && "\(error)".contains("layer 'lambda'")
            }
        }
    }

    /// Opsets map to the IR versions released with them; others are refused.
    @Test func opsetsHaveTheirIRVersions() {
        #expect(ONNXOpset(13)?.irVersion == 7)
        #expect(ONNXOpset(17)?.irVersion == 8)
        #expect(ONNXOpset(19)?.irVersion == 9)
        #expect(ONNXOpset(21)?.irVersion == 10)
        #expect(ONNXOpset(12) == nil && ONNXOpset(22) == nil)
        #expect(ONNXOpset.standard.version == 17)
    }

    /// A transpose that undoes the previous one hands back the earlier tensor, and the unused
    /// pair is left out of the graph.
    @Test func cancellingTransposesAreDropped() {
        var builder = ONNXGraphBuilder(opset: .standard)
        builder.input("x", shape: [1, 4, 4, 3])
        let first = builder.transpose("x", perm: [0, 3, 1, 2], name: "nchw")
        let back = builder.transpose(first, perm: [0, 2, 3, 1], name: "nhwc")
        #expect(back == "x")
        let relu = builder.node("Relu", [back], name: "relu", shape: [1, 4, 4, 3])
        #expect(builder.usedParts(outputs: [relu]).nodes.map(\.opType) == ["Relu"])
    }
}
