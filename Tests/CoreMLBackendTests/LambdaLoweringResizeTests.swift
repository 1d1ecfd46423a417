import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Testing

@testable import CoreMLBackend

/// `resize` to any size, down-scaling and fractional factors included, lowered and run by the
/// reference evaluator, gives the catalog's TensorFlow sampling; each size takes the layer whose
/// grid is TensorFlow's.
@Suite struct LambdaLoweringResizeTests {
    struct Case: CustomStringConvertible, Sendable {
        var input: [Int]
        var size: [Int]
        var method = "bilinear"
        var alignCorners = false
        var halfPixel = false
        /// The Core ML layer that does the sampling.
        var layer: String
        var description: String {
            "\(method) \(input) -> \(size) align_corners=\(alignCorners) half_pixel=\(halfPixel)"
        }
        var example: LambdaLoweringOpTests.Case {
            LambdaLoweringOpTests.Case(
                op: "resize", shapes: [input],
                attributes: [
                    "size": .ints(size), "method": .string(method), "align_corners": .bool(alignCorners),
                    "half_pixel_centers": .bool(halfPixel),
                ])
        }
    }

    static let cases: [Case] = [
        Case(input: [1, 4, 6, 2], size: [2, 3], layer: "resizeBilinear"),
        Case(input: [1, 4, 6, 2], size: [3, 4], layer: "resizeBilinear"),
        Case(input: [1, 3, 5, 1], size: [7, 8], layer: "resizeBilinear"),
        Case(input: [1, 3, 5, 1], size: [7, 1], alignCorners: true, layer: "resizeBilinear"),
        Case(input: [1, 5, 5, 2], size: [3, 2], alignCorners: true, layer: "resizeBilinear"),
        Case(input: [1, 4, 6, 2], size: [3, 4], halfPixel: true, layer: "batchedMatmul"),
        Case(input: [1, 3, 5, 1], size: [7, 12], halfPixel: true, layer: "batchedMatmul"),
        Case(input: [1, 4, 6, 2], size: [2, 3], method: "nearest", layer: "batchedMatmul"),
        Case(input: [1, 3, 5, 1], size: [7, 8], method: "nearest", halfPixel: true, layer: "batchedMatmul"),
        Case(input: [1, 3, 5, 1], size: [7, 8], method: "nearest", alignCorners: true, layer: "batchedMatmul"),
        Case(input: [1, 3, 3, 1], size: [6, 6], method: "nearest", alignCorners: true, layer: "batchedMatmul"),
        Case(input: [1, 3, 3, 2], size: [6, 9], method: "nearest", halfPixel: true, layer: "upsample"),
        Case(input: [1, 3, 3, 2], size: [6, 9], halfPixel: true, layer: "upsample"),
    ]

    @Test(arguments: cases)
    func loweredResizeMatchesTensorFlowSampling(_ test: Case) throws {
        let example = test.example
        let op = try #require(CoreOpCatalog.op(named: "resize"))
        let image = try LambdaLoweringOpTests.operand(test.input, -2...2, seed: 1)
        let expected = try op.evaluate([image], example.attributes)
        let (spec, output) = try LambdaLoweringOpTests.lowered(example)
        let result = try CoreMLEvaluator(model: spec).predict(["input0": image])
        let got = try #require(result[output])
        #expect(got.shape == expected.shape, "\(test)")
        let error = zip(got.values, expected.values).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 1e-5, "\(test): max error \(error)")
        let kinds = spec.neuralNetwork.layers.compactMap { $0.layer.map { "\($0)" } }
        #expect(kinds.contains { $0.hasPrefix(test.layer + "(") }, "\(test): \(kinds)")
    }

    /// An interpolation matrix beyond the weight budget is refused naming the sizes.
    @Test func hugeLinearResizeIsRefused() throws {
        let test = Case(input: [1, 3000, 4, 1], size: [3001, 4], method: "nearest", layer: "")
        #expect {
            _ = try LambdaLoweringOpTests.lowered(test.example)
        } throws: { "\($0)".contains("3000x3001 interpolation matrix") }
    }
}
