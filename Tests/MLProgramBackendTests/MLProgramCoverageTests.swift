import CoreOps
import Foundation
import Testing

@testable import MLProgramBackend

/// Every core op is either lowered to MIL or refused with a reason, never both and never
/// neither; the tables name only catalog ops, each once; and every MIL operation the backend can
/// emit has a reference evaluation.
@Suite struct MLProgramCoverageTests {
    @Test(arguments: CoreOpCatalog.names)
    func opIsLoweredOrRefused(_ op: String) {
        let lowered = MILLowering.lowerings[op] != nil
        let refused = MILLowering.refusals[op] != nil
        #expect(lowered != refused, "\(op): lowered \(lowered), refused \(refused)")
    }

    @Test func tablesNameOnlyCatalogOps() {
        let names = Set(CoreOpCatalog.names)
        #expect(MILLowering.lowerings.keys.filter { !names.contains($0) } == [])
        #expect(MILLowering.refusals.keys.filter { !names.contains($0) } == [])
        #expect(MILLowering.lowerings.duplicates == [] && MILLowering.refusals.duplicates == [])
    }

    /// A refused op's error is its refusal, naming the layer.
    @Test func aRefusedOpSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = try MILBlobWriter(url: folder.appendingPathComponent("weight.bin"))
        for (op, message) in MILLowering.refusals.entries {
            let graph = CoreOpGraph(
                inputCount: 1, nodes: [.init(op: op, operands: [.input(0)], attributes: [:], rule: nil)],
                output: .node(0))
            var builder = MILProgramBuilder(precision: .float32, weights: weights)
            builder.input("x", shape: [1, 4])
            var lowering = MILLowering(layerName: "lambda", className: "Lambda", builder: builder)
            #expect {
                try lowering.lower(graph, inputs: ["x"])
            } throws: { error in
                "\(error)".contains(message) && "\(error)".contains("layer 'lambda'")
            }
        }
    }

    /// A transpose that undoes the previous one hands back the earlier value, and the unused
    /// pair is left out of the program.
    @Test func cancellingTransposesAreDropped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var builder = MILProgramBuilder(
            precision: .float32, weights: try MILBlobWriter(url: folder.appendingPathComponent("weight.bin")))
        builder.input("x", shape: [1, 4, 4, 3])
        let first = builder.transpose("x", perm: [0, 3, 1, 2], name: "nchw")
        let back = builder.transpose(first, perm: [0, 2, 3, 1], name: "nhwc")
        #expect(back == "x")
        let output = builder.unary("relu", back, name: "out")
        let kept = builder.usedOperations(outputs: [output])
        #expect(kept.map(\.type) == ["relu"])
    }

    @Test func deploymentTargetsMapToOpsetsAndVersions() {
        #expect(MILDeploymentTarget(parsing: "iOS15")?.opset == "CoreML5")
        #expect(MILDeploymentTarget(parsing: "macOS13") == .iOS16)
        #expect(MILDeploymentTarget(parsing: "iOS18")?.specificationVersion == 9)
        #expect(MILDeploymentTarget(parsing: "iOS14") == nil && MILDeploymentTarget(parsing: "macOS11") == nil)
    }
}
