import CoreOps
import Testing

@Suite struct ImageEvaluationTests {
    /// TensorFlow's `space_to_depth` documentation example: a 4 x 4 single-channel image.
    static let spatial = tensor([1, 4, 4, 1], [1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16])
    static let depth = tensor([1, 2, 2, 4], (1...16).map(Double.init))
    /// [[0, 1], [2, 3]] as a one-channel image: the value at (y, x) is 2y + x, so bilinear
    /// samples show where they read.
    static let ramp = tensor([1, 2, 2, 1], [0, 1, 2, 3])
    static let row = tensor([1, 1, 4, 1], [0, 1, 2, 3])

    static let blocks: [EvaluationCase] = [
        EvaluationCase("space_to_depth", [spatial], ["block_size": .int(2)], depth),
        EvaluationCase("depth_to_space", [depth], ["block_size": .int(2)], spatial),
        EvaluationCase(
            "space_to_depth", [tensor([1, 2, 2, 3], (1...12).map(Double.init))], ["block_size": .int(2)],
            tensor([1, 1, 1, 12], (1...12).map(Double.init)), note: "TensorFlow's three-channel example"),
        EvaluationCase(
            "depth_to_space", [tensor([1, 1, 1, 8], [1, 2, 3, 4, 5, 6, 7, 8])], ["block_size": .int(2)],
            tensor([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), note: "channels stay together (DCR)"),
    ]

    static let resizes: [EvaluationCase] = [
        EvaluationCase(
            "resize", [ramp], ["size": .ints([4, 4])],
            tensor([1, 4, 4, 1], [0, 0.5, 1, 1, 1, 1.5, 2, 2, 2, 2.5, 3, 3, 2, 2.5, 3, 3]),
            note: "bilinear, legacy corners: the last row and column repeat"),
        EvaluationCase(
            "resize", [ramp], ["size": .ints([4, 4]), "half_pixel_centers": .bool(true)],
            tensor([1, 4, 4, 1], [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]),
            note: "bilinear, half-pixel centers (tf.image.resize)"),
        EvaluationCase(
            "resize", [ramp], ["size": .ints([4, 4]), "align_corners": .bool(true)],
            tensor(
                [1, 4, 4, 1],
                [0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7, 8, 9].map { $0 / 3 }),
            tolerance: 1e-15, note: "bilinear, aligned corners"),
        EvaluationCase(
            "resize", [row], ["size": .ints([1, 2])], tensor([1, 1, 2, 1], [0, 2]), note: "bilinear down, legacy"),
        EvaluationCase(
            "resize", [row], ["size": .ints([1, 2]), "half_pixel_centers": .bool(true)],
            tensor([1, 1, 2, 1], [0.5, 2.5]), note: "bilinear down, half-pixel"),
        EvaluationCase(
            "resize", [ramp], ["size": .ints([4, 4]), "method": .string("nearest")],
            tensor([1, 4, 4, 1], [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]), note: "nearest up"),
        EvaluationCase(
            "resize", [row], ["size": .ints([1, 2]), "method": .string("nearest")], tensor([1, 1, 2, 1], [0, 2]),
            note: "nearest down, legacy: floor(i * scale)"),
        EvaluationCase(
            "resize", [row], ["size": .ints([1, 2]), "method": .string("nearest"), "half_pixel_centers": .bool(true)],
            tensor([1, 1, 2, 1], [1, 3]), note: "nearest down, half-pixel: floor((i + 0.5) * scale)"),
        EvaluationCase(
            "resize", [row], ["size": .ints([1, 2]), "method": .string("nearest"), "align_corners": .bool(true)],
            tensor([1, 1, 2, 1], [0, 3]), note: "nearest down, aligned corners: round(i * scale)"),
    ]

    @Test(arguments: blocks)
    func blockRearrangement(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: resizes)
    func resize(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: [2, 3])
    func depthToSpaceUndoesSpaceToDepth(_ block: Int) throws {
        let image = tensor([2, 6, 12, 3], (0..<432).map(Double.init))
        let toDepth = try #require(CoreOpCatalog.op(named: "space_to_depth"))
        let toSpace = try #require(CoreOpCatalog.op(named: "depth_to_space"))
        let attributes: [String: AttributeValue] = ["block_size": .int(block)]
        let packed = try toDepth.evaluate([image], attributes)
        #expect(packed.shape == [2, 6 / block, 12 / block, 3 * block * block])
        #expect(packed.values != image.values, "the elements move")
        #expect(try toSpace.evaluate([packed], attributes) == image)
    }

    @Test func alignCornersWithHalfPixelCentersIsAnError() throws {
        let resize = try #require(CoreOpCatalog.op(named: "resize"))
        let attributes: [String: AttributeValue] = [
            "size": .ints([2, 2]), "align_corners": .bool(true), "half_pixel_centers": .bool(true),
        ]
        let error = #expect(throws: CoreOpError.self) { try resize.evaluate([Self.ramp], attributes) }
        #expect(error?.description == "resize: align_corners and half_pixel_centers cannot both be true")
    }
}
