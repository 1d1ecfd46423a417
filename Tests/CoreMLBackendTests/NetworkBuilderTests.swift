import CoreMLSpec
import Testing

@testable import CoreMLBackend

/// What the builder writes: layers only once read, scale-and-shift chains folded into one.
@Suite struct NetworkBuilderTests {
    /// A builder over an input `x` of shape [1, 4], and the layers it has written.
    static func builder() -> (NetworkBuilder, LayerCollection) {
        let collection = LayerCollection()
        var builder = NetworkBuilder(stream: LayerStream { collection.append($0) })
        builder.reserve("x", shape: [1, 4])
        return (builder, collection)
    }

    static func linear(_ layer: CoreML_Specification_NeuralNetworkLayer) -> (alpha: Float, beta: Float)? {
        guard case .activation(let params)? = layer.layer, case .linear(let linear)? = params.nonlinearityType else {
            return nil
        }
        return (linear.alpha, linear.beta)
    }

    /// `2 - x`, `x * 3`, `x / 4`, `x + 1`: each `a x + b`, a chain composed into one layer
    /// reading `x`; `2 / x` is not affine and stays a division.
    @Test func scalarStepsFoldIntoOneLayer() throws {
        var (builder, collection) = Self.builder()
        let two = builder.constant([2], shape: [1], name: "two")
        let reversed = Elementwise.binary(.subtract, two, "x", name: "reversed", &builder)
        let three = builder.constant([3], shape: [1], name: "three")
        let scaled = Elementwise.binary(.multiply, reversed, three, name: "scaled", &builder)
        let four = builder.constant([4], shape: [1], name: "four")
        let divided = Elementwise.binary(.divide, scaled, four, name: "divided", &builder)
        let one = builder.constant([1], shape: [1], name: "one")
        let shifted = Elementwise.binary(.add, divided, one, name: "shifted", &builder)
        builder.flush(shifted)
        try #require(collection.layers.count == 1, "\(collection.layers.map(\.name))")
        let layer = collection.layers[0]
        #expect(layer.input == ["x"] && layer.output == ["shifted"])
        let (alpha, beta) = try #require(Self.linear(layer))
        // ((2 - x) * 3) / 4 + 1 = -0.75 x + 2.5
        #expect(alpha == -0.75 && beta == 2.5)

        let inverse = Elementwise.binary(.divide, two, "x", name: "inverse", &builder)
        builder.flush(inverse)
        #expect(collection.layers.map(\.name) == ["shifted", "two", "inverse"])
        #expect(Self.linear(collection.layers[2]) == nil)
    }

    /// A transpose undone by the next is never written, nor is one nothing reads; a read one is
    /// written before its reader.
    @Test func onlyReadTransposesAreWritten() {
        var (builder, collection) = Self.builder()
        let there = builder.transpose("x", perm: [1, 0], name: "there")
        let back = builder.transpose(there, perm: [1, 0], name: "back")
        #expect(back == "x")
        let kept = builder.transpose("x", perm: [1, 0], name: "kept")
        _ = builder.add("reader", inputs: [kept], shape: [4, 1]) { $0.activation.linear.alpha = 1 }
        #expect(collection.layers.map(\.name) == ["kept", "reader"])
    }

    /// A layer not written yet can take a model output's name; one already written cannot.
    @Test func pendingLayerTakesTheOutputName() {
        var (builder, collection) = Self.builder()
        let pending = builder.transpose("x", perm: [1, 0], name: "pending")
        let renamed = builder.rename(pending, to: "output")
        #expect(renamed)
        builder.flush("output")
        #expect(collection.layers.map(\.output) == [["output"]])
        let renamedAgain = builder.rename("output", to: "again")
        #expect(!renamedAgain)
    }
}
