import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Testing

@testable import CoreMLBackend

/// Each core op lowered alone to Core ML layers and run by the reference evaluator (written from
/// the Core ML spec) gives the core-op catalog's own reference evaluation.
@Suite struct LambdaLoweringOpTests {
    struct Case: CustomStringConvertible, Sendable {
        var op: String
        var shapes: [[Int]]
        var attributes: [String: AttributeValue] = [:]
        /// Operand values from this range (positive for logarithms and roots).
        var range: ClosedRange<Double> = -2...2
        var description: String { "\(op)\(attributes.isEmpty ? "" : " \(attributes)")" }
    }

    static let cases: [Case] = [
        Case(op: "floor", shapes: [[1, 3, 4]]),
        Case(op: "ceil", shapes: [[1, 3, 4]]),
        Case(op: "sign", shapes: [[1, 3, 4]]),
        Case(op: "erf", shapes: [[1, 3, 4]]),
        Case(op: "leaky_relu", shapes: [[1, 3, 4]], attributes: ["alpha": .float(0.3)]),
        Case(op: "equal", shapes: [[1, 3, 4], [1, 3, 4]], range: -1...1),
        Case(op: "not_equal", shapes: [[1, 3, 4], [1, 3, 4]], range: -1...1),
        Case(op: "less", shapes: [[1, 3, 4], [1, 1, 4]]),
        Case(op: "less_equal", shapes: [[1, 3, 4], [1, 3, 4]], range: -1...1),
        Case(op: "greater", shapes: [[1, 3, 4], [1, 3, 1]]),
        Case(op: "greater_equal", shapes: [[1, 3, 4], [1, 3, 4]], range: -1...1),
        Case(op: "select", shapes: [[1, 3, 4], [1, 3, 4], [1, 3, 4]], range: -1...1),
        Case(op: "matmul", shapes: [[1, 3, 4], [1, 4, 2]]),
        Case(op: "reverse", shapes: [[1, 3, 4]], attributes: ["axes": .ints([-1])]),
        Case(op: "reverse", shapes: [[1, 2, 3, 4]], attributes: ["axes": .ints([1, 3])]),
        Case(op: "shape", shapes: [[1, 3, 4]]),
        Case(
            op: "resize", shapes: [[1, 2, 3, 2]], attributes: ["size": .ints([4, 6]), "method": .string("nearest")]),
        Case(op: "resize", shapes: [[1, 2, 3, 2]], attributes: ["size": .ints([4, 9])]),
        Case(
            op: "resize", shapes: [[1, 2, 3, 2]],
            attributes: ["size": .ints([4, 6]), "half_pixel_centers": .bool(true)]),
        Case(
            op: "resize", shapes: [[1, 3, 3, 1]], attributes: ["size": .ints([6, 6]), "align_corners": .bool(true)]),
        Case(op: "sqrt", shapes: [[1, 5]], range: 0.1...4),
        Case(op: "log", shapes: [[1, 5]], range: 0.1...4),
        Case(op: "tanh", shapes: [[1, 5]]),
        Case(op: "hard_sigmoid", shapes: [[1, 5]], range: -4...4),
        Case(
            op: "hard_sigmoid", shapes: [[1, 5]], attributes: ["slope": .float(1.0 / 6), "offset": .float(0.5)],
            range: -4...4),
        Case(op: "reduce_variance", shapes: [[1, 3, 4]], attributes: ["axes": .ints([-1]), "keepdims": .bool(true)]),
    ]

    /// Deterministic operand values in `range` (a few repeated so comparisons meet equal values).
    static func operand(_ shape: [Int], _ range: ClosedRange<Double>, seed: Int) throws -> Tensor {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { index -> Double in
            let step = Double((index * 7 + seed * 3) % 11) / 10
            let value = range.lowerBound + (range.upperBound - range.lowerBound) * step
            return min(max((value * 4).rounded() / 4, range.lowerBound), range.upperBound)
        }
        return try Tensor(shape: shape, values: values)
    }

    @Test(arguments: cases)
    func loweredOpMatchesTheCatalog(_ example: Case) throws {
        let op = try #require(CoreOpCatalog.op(named: example.op), "\(example.op) is not a core op")
        let operands = try example.shapes.enumerated().map { try Self.operand($1, example.range, seed: $0) }
        let expected = try op.evaluate(operands, example.attributes)

        let (spec, output) = try Self.lowered(example)
        let names = example.shapes.indices.map { "input\($0)" }
        let result = try CoreMLEvaluator(model: spec).predict(
            Dictionary(uniqueKeysWithValues: zip(names, operands)))
        let got = try #require(result[output])
        #expect(got.count == expected.count, "\(example): \(got.shape) vs \(expected.shape)")
        let error = zip(got.values, expected.values).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 1e-5, "\(example): max error \(error)")
    }

    /// `round` is refused with the reason: Core ML does not say how its round layer treats halves.
    @Test func roundIsRefusedWithTheReason() throws {
        do {
            _ = try Self.lowered(Case(op: "round", shapes: [[1, 4]]))
            Issue.record("round was lowered")
        } catch {
            #expect("\(error)".contains("rounds halves"), "\(error)")
        }
    }

    /// A model of the one op of `example`, with its output blob.
    static func lowered(_ example: Case) throws -> (CoreML_Specification_Model, String) {
        let collection = LayerCollection()
        var builder = NetworkBuilder(stream: LayerStream { collection.append($0) })
        var description = CoreML_Specification_ModelDescription()
        let names = example.shapes.indices.map { "input\($0)" }
        for (name, shape) in zip(names, example.shapes) {
            builder.reserve(name, shape: shape)
            description.input.append(CoreMLConverter.feature(name, shape: shape))
        }
        var lowering = LambdaLowering(layerName: "lambda", className: "Lambda", builder: builder)
        // As the pipeline builds it: every attribute of the op, defaults filled in by the catalog.
        let graph = CoreOpGraph(
            inputCount: names.count,
            nodes: [
                try .init(
                    resolving: example.op, operands: names.indices.map { .input($0) }, attributes: example.attributes,
                    rule: nil)
            ],
            output: .node(0))
        let output = try lowering.lower(graph, inputs: names)
        lowering.builder.flush(output)
        description.output.append(CoreMLConverter.feature(output, shape: lowering.builder.shapes[output] ?? []))
        var spec = CoreML_Specification_Model()
        spec.specificationVersion = 5
        spec.description_p = description
        spec.neuralNetwork.layers = collection.layers
        spec.neuralNetwork.arrayInputShapeMapping = .exactArrayMapping

        return (spec, output)
    }
}
