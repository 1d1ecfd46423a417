import CoreOps
import Testing

/// Backends read a node's attributes through ``NodeAttributes``: a read of an attribute the node
/// lacks is an error naming the op and the attribute, never a default.
@Suite struct NodeAttributesTests {
    struct Failure: Error, Equatable {
        var text: String
    }

    static func reader(_ node: CoreOpGraph.Node) -> NodeAttributes<Failure> {
        NodeAttributes(node) { Failure(text: "\($0)") }
    }

    @Test func resolvingFillsEveryAttributeInCanonicalForm() throws {
        let node = try CoreOpGraph.Node(
            resolving: "reduce_mean", operands: [.input(0)], attributes: ["axes": .int(1)], rule: nil)
        #expect(node.attributes == ["axes": .ints([1]), "keepdims": .bool(false)])
        let reader = Self.reader(node)
        #expect(try reader.intsOrNone("axes") == [1])
        #expect(try reader.bool("keepdims") == false)
        let clip = try CoreOpGraph.Node(
            resolving: "clip", operands: [.input(0)], attributes: ["min": .int(0), "max": .int(6)], rule: nil)
        #expect(try Self.reader(clip).float("max") == 6)
    }

    @Test func resolvingRejectsWhatTheCatalogRejects() {
        #expect(throws: CoreOpError(op: "frobnicate", message: "not a core op")) {
            try CoreOpGraph.Node(resolving: "frobnicate", operands: [], attributes: [:], rule: nil)
        }
        #expect(throws: CoreOpError.self) {
            try CoreOpGraph.Node(resolving: "clip", operands: [.input(0)], attributes: ["min": .int(0)], rule: nil)
        }
    }

    @Test func anAbsentAttributeFailsNamingTheOpAndAttribute() {
        let node = CoreOpGraph.Node(op: "hard_sigmoid", operands: [.input(0)], attributes: [:], rule: nil)
        #expect(throws: Failure(text: "hard_sigmoid: attribute 'slope' is missing")) {
            try Self.reader(node).float("slope")
        }
        let typed = CoreOpGraph.Node(op: "softmax", operands: [.input(0)], attributes: ["axis": .bool(true)], rule: nil)
        #expect(throws: Failure(text: "softmax: attribute 'axis' is not an int, got True")) {
            try Self.reader(typed).int("axis")
        }
    }
}
