import CoreMLSpec
import CoreOps
import Testing

/// One table row: a layer, its inputs and the expected output, computed by hand.
struct LayerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let layer: CoreML_Specification_NeuralNetworkLayer
    let inputs: [Tensor]
    let expected: Tensor
    var tolerance: Double = 1e-6

    init(
        _ name: String, _ inputs: [Tensor], _ expected: Tensor, tolerance: Double = 1e-6,
        _ configure: (inout CoreML_Specification_NeuralNetworkLayer) -> Void
    ) {
        self.name = name
        self.layer = EvaluatorHarness.layer(name, configure)
        self.inputs = inputs
        self.expected = expected
        self.tolerance = tolerance
    }

    var testDescription: String { name }

    /// Runs the case and checks the output.
    func check() throws {
        let names = ["x", "x2", "x3"]
        var table: [String: Tensor] = [:]
        for (index, input) in inputs.enumerated() { table[names[index]] = input }
        var wired = layer
        wired.input = Array(names.prefix(inputs.count))
        let actual = try EvaluatorHarness.run([wired], table)
        #expect(close(actual, expected, tolerance: tolerance), "\(name): got \(actual), expected \(expected)")
    }
}
