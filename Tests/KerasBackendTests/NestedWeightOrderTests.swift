import JSON
import Testing

@testable import KerasBackend

/// A nested model's weight names in Keras's load order: trainable weights layer by layer, then
/// the others (BatchNormalization statistics, frozen layers) layer by layer.
@Suite struct NestedWeightOrderTests {
    static let model: JSONValue = [
        "class_name": "Functional",
        "config": [
            "layers": [
                ["class_name": "BatchNormalization", "name": "bn", "config": ["name": "bn"]],
                ["class_name": "Dense", "name": "frozen", "config": ["name": "frozen", "trainable": false]],
                ["class_name": "Dense", "name": "dense", "config": ["name": "dense"]],
            ]
        ],
    ]

    @Test func trainableFirstThenTheRestEachInLayerOrder() {
        let saved = [
            "dense/kernel:0", "dense/bias:0", "bn/gamma:0", "bn/beta:0", "bn/moving_mean:0", "bn/moving_variance:0",
            "frozen/kernel:0", "frozen/bias:0",
        ]
        #expect(
            NestedWeightOrder.ordered(saved, model: Self.model) == [
                "bn/gamma:0", "bn/beta:0", "dense/kernel:0", "dense/bias:0", "bn/moving_mean:0",
                "bn/moving_variance:0", "frozen/kernel:0", "frozen/bias:0",
            ])
    }

    @Test func keras3PathsAndUnknownOwners() {
        #expect(
            NestedWeightOrder.ordered(["m/dense/kernel", "m/bn/gamma"], model: Self.model) == [
                "m/bn/gamma", "m/dense/kernel",
            ])
        #expect(NestedWeightOrder.ordered(["elsewhere/kernel:0"], model: Self.model) == nil)
    }
}
