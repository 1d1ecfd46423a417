import KerasModel
import TestSupport
import Testing

/// A layer graph must be acyclic before anything walks it: a cycle is refused when the model is
/// read, naming the layers on it.
@Suite struct GraphCycleTests {
    /// A layer called `name` fed by the layers `inputs` (one call).
    static func layer(_ name: String, _ inputs: [String], model: ModelGraph? = nil) -> Layer {
        let node = InboundNode(arguments: inputs.map { .tensor(TensorReference(layer: $0)) })
        return Layer(
            name: name, className: model == nil ? "Activation" : "Functional", config: [:],
            inboundNodes: inputs.isEmpty ? [] : [node], model: model)
    }

    static func graph(_ layers: [Layer]) -> ModelGraph {
        ModelGraph(name: "m", className: "Functional", layers: layers, inputs: [], outputs: [])
    }

    @Test func anAcyclicGraphHasNoCycle() {
        let graph = Self.graph([
            Self.layer("in", []), Self.layer("a", ["in"]), Self.layer("b", ["in"]), Self.layer("sum", ["a", "b"]),
        ])
        #expect(graph.firstCycle() == nil)
    }

    @Test func aCycleIsNamedInFeedingOrder() {
        let graph = Self.graph([
            Self.layer("in", []), Self.layer("a", ["in", "c"]), Self.layer("b", ["a"]), Self.layer("c", ["b"]),
            Self.layer("out", ["c"]),
        ])
        #expect(graph.firstCycle() == ["a", "b", "c", "a"])
    }

    @Test func aLayerFeedingItselfIsACycle() {
        let graph = Self.graph([Self.layer("in", []), Self.layer("self", ["in", "self"])])
        #expect(graph.firstCycle() == ["self", "self"])
    }

    @Test func aCycleInsideANestedModelIsFound() {
        let inner = Self.graph([Self.layer("x", ["y"]), Self.layer("y", ["x"])])
        let outer = Self.graph([Self.layer("in", []), Self.layer("nested", ["in"], model: inner)])
        #expect(outer.firstCycle() == ["x", "y", "x"])
    }

    @Test func aVeryLongChainIsWalkedWithoutRecursion() {
        // 200,000 layers: a recursive walk would exhaust the stack.
        let layers = [Self.layer("l0", [])] + (1..<200_000).map { Self.layer("l\($0)", ["l\($0 - 1)"]) }
        #expect(Self.graph(layers).firstCycle() == nil)
    }

    @Test func readingAModelWithACycleFailsNamingIt() throws {
        let error = try #require(throws: KerasModelError.self) {
            try KerasModelReader.read(FixturePaths.fixture("hostile/cycle.h5"))
        }
        #expect(error.code == .unexpectedConfig)
        #expect(error.layer == "scaled_residual")
        #expect(error.description.contains("cycle (scaled_residual -> block_relu -> scaled_residual)"))
    }

    @Test func aLayerNameUsedTwiceIsFoundInNestedModelsToo() {
        let inner = Self.graph([Self.layer("x", []), Self.layer("x", ["x"])])
        #expect(
            Self.graph([Self.layer("in", []), Self.layer("nested", ["in"], model: inner)]).firstDuplicateLayerName()
                == "x")
        #expect(Self.graph([Self.layer("a", []), Self.layer("b", ["a"])]).firstDuplicateLayerName() == nil)
    }

    /// Campaign finding: a config value of Int.max trapped in shape arithmetic; it is refused.
    @Test func anIntegerNoLayerHasIsFoundAndSeedsAreNot() {
        var layer = Self.layer("conv", [])
        layer.config = ["strides": [1, .int(Int.max)], "kernel_initializer": ["config": ["seed": .int(Int.max)]]]
        let found = Self.graph([layer]).firstOutOfRangeInteger()
        #expect(found?.layer == "conv" && found?.key == "strides" && found?.value == Int.max)
        layer.config = ["kernel_initializer": ["config": ["seed": .int(Int.max)]], "units": 4]
        #expect(Self.graph([layer]).firstOutOfRangeInteger() == nil)
    }

    /// Campaign finding (seed 9, case 586): strides of 0 divided by zero in the converter; every
    /// window key must hold positive ints (a pooling layer's null strides mean its pool size).
    @Test func aWindowOfZeroOrOfTextIsFoundAndNullStridesAreNot() {
        var layer = Self.layer("conv", [])
        layer.className = "Conv2D"
        layer.config = ["strides": [0, 1], "kernel_size": [3, 3]]
        #expect(
            Self.graph([layer]).firstInvalidWindow().map { [$0.layer, $0.key, $0.value] } == [
                "conv", "strides", "[0, 1]",
            ])
        layer.config = ["kernel_size": "3"]
        #expect(Self.graph([layer]).firstInvalidWindow()?.value == "\"3\"")
        layer.config = ["kernel_size": [], "strides": .null]
        #expect(Self.graph([layer]).firstInvalidWindow()?.key == "kernel_size")
        layer.config = ["pool_size": [2, 2], "strides": .null, "dilation_rate": 1]
        #expect(Self.graph([layer]).firstInvalidWindow() == nil)
        layer.className = "UpSampling2D"
        layer.config = ["size": [2, -2]]
        #expect(Self.graph([layer]).firstInvalidWindow()?.key == "size")
        layer.className = "Custom"
        #expect(Self.graph([layer]).firstInvalidWindow() == nil)
    }

    @Test func readingAModelWithZeroStridesFailsNamingTheLayer() throws {
        let error = try #require(throws: KerasModelError.self) {
            try KerasModelReader.read(FixturePaths.fixture("hostile/zero_strides.h5"))
        }
        #expect(error.layer == "branch_0")
        #expect(error.description.contains("'strides' is [0, 1]: it must be positive integers"))
    }
}
