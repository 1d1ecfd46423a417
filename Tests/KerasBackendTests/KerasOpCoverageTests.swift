import CoreOps
import Testing

@testable import KerasBackend

/// Every core op is either lowered to built-in Keras layers or refused with a reason, never both
/// and never neither; the tables name only catalog ops, each once.
@Suite struct KerasOpCoverageTests {
    @Test(arguments: CoreOpCatalog.names)
    func opIsLoweredOrRefused(_ op: String) {
        let lowered = KerasOpTable.lowerings[op] != nil
        let refused = KerasOpTable.refusals[op] != nil
        #expect(lowered != refused, "\(op): lowered \(lowered), refused \(refused)")
    }

    @Test func tablesNameOnlyCatalogOps() {
        let names = Set(CoreOpCatalog.names)
        #expect(KerasOpTable.lowerings.keys.filter { !names.contains($0) } == [])
        #expect(KerasOpTable.refusals.keys.filter { !names.contains($0) } == [])
    }

    @Test func tablesHaveNoDuplicateKeys() {
        #expect(KerasOpTable.lowerings.duplicates == [])
        #expect(KerasOpTable.refusals.duplicates == [])
    }

    /// A refused op's failure is its refusal, in both flavours.
    @Test(arguments: [KerasDialect.keras2, .keras3])
    func aRefusedOpSaysWhy(_ dialect: KerasDialect) throws {
        for (op, message) in KerasOpTable.refusals.entries {
            var planner = LayerPlanner(dialect: dialect, inputShapes: [[nil, 4]])
            let graph = CoreOpGraph(
                inputCount: 1, nodes: [.init(op: op, operands: [.input(0)], attributes: [:], rule: nil)],
                output: .node(0))
            #expect(throws: KerasRewriteFailure.self) { try planner.plan(graph) }
            do {
                _ = try planner.plan(graph)
            } catch {
                #expect(error.op == op && error.message == message, "\(error)")
            }
        }
    }

    /// A node built without the catalog's defaults is refused naming the op and the attribute,
    /// not lowered with a default the backend would have to know.
    @Test func aMissingAttributeIsAFailureNamingIt() {
        var planner = LayerPlanner(dialect: .keras2, inputShapes: [[nil, 4]])
        let graph = CoreOpGraph(
            inputCount: 1, nodes: [.init(op: "softmax", operands: [.input(0)], attributes: [:], rule: nil)],
            output: .node(0))
        do {
            _ = try planner.plan(graph)
            Issue.record("softmax was lowered without its axis")
        } catch {
            #expect(error.op == "softmax" && error.message == "attribute 'axis' is missing", "\(error)")
        }
    }
}
