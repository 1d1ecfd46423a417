/// Ops on NHWC image batches: `space_to_depth`, `depth_to_space` and `resize`.
extension CoreOpCatalog {
    static let imageOps: [CoreOp] = [
        CoreOp(
            name: "space_to_depth",
            summary: "Moves block_size x block_size spatial blocks into channels (NHWC, TensorFlow's order).",
            operands: .fixed(1), attributes: [.required("block_size", .int)],
            shape: { shapes, attributes throws(CoreOpError) in
                try spaceToDepthShape(shapes[0], try blockSize(attributes))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let block = try blockSize(attributes)
                let shape = try spaceToDepthShape(ShapeRules.known(x.shape), block).map { $0 ?? 0 }
                let channels = x.shape[3]
                return Tensor(shape: shape) { (index: [Int]) -> Double in
                    // Output channel (i * block + j) * C + c holds input pixel (h * block + i, w * block + j).
                    let (offset, channel) = index[3].quotientAndRemainder(dividingBy: channels)
                    let (i, j) = offset.quotientAndRemainder(dividingBy: block)
                    return x[index[0], index[1] * block + i, index[2] * block + j, channel]
                }
            }
        ),
        CoreOp(
            name: "depth_to_space",
            summary: "Moves channels into block_size x block_size spatial blocks (NHWC, TensorFlow's DCR order).",
            operands: .fixed(1), attributes: [.required("block_size", .int)],
            shape: { shapes, attributes throws(CoreOpError) in
                try depthToSpaceShape(shapes[0], try blockSize(attributes))
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                let x = operands[0]
                let block = try blockSize(attributes)
                let shape = try depthToSpaceShape(ShapeRules.known(x.shape), block).map { $0 ?? 0 }
                let channels = shape[3]
                return Tensor(shape: shape) { (index: [Int]) -> Double in
                    let (h, i) = index[1].quotientAndRemainder(dividingBy: block)
                    let (w, j) = index[2].quotientAndRemainder(dividingBy: block)
                    return x[index[0], h, w, (i * block + j) * channels + index[3]]
                }
            }
        ),
        CoreOp(
            name: "resize",
            summary: "Resizes NHWC images to size [h, w] by bilinear or nearest sampling, as TensorFlow's kernels.",
            operands: .fixed(1),
            attributes: [
                .required("size", .ints),
                AttributeSpec(
                    name: "method", kind: .enumeration(ImageResize.Method.allCases.map(\.rawValue)),
                    defaultValue: .string("bilinear")),
                .bool("align_corners", false), .bool("half_pixel_centers", false),
            ],
            shape: { shapes, attributes throws(CoreOpError) in
                try ImageResize(attributes).shape(shapes[0])
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                try ImageResize(attributes).apply(to: operands[0])
            }
        ),
    ]

    private static func blockSize(_ attributes: AttributeReader) throws(CoreOpError) -> Int {
        let block = try attributes.int("block_size")
        guard block >= 2 else { throw CoreOpError("block_size must be at least 2, got \(block)") }
        return block
    }

    private static func spaceToDepthShape(_ input: [Int?], _ block: Int) throws(CoreOpError) -> [Int?] {
        try ShapeRules.requireRank(input, 4, "an NHWC image batch")
        for axis in 1...2 {
            if let size = input[axis], size % block != 0 {
                throw CoreOpError(
                    "dimension \(axis) of shape \(ShapeRules.describe(input)) is not a multiple of block_size \(block)")
            }
        }
        let area = try ShapeRules.multiply(block, block)
        let channels = try ShapeRules.map(input[3]) { (size: Int) throws(CoreOpError) in
            try ShapeRules.multiply(size, area)
        }
        return [input[0], input[1].map { $0 / block }, input[2].map { $0 / block }, channels]
    }

    private static func depthToSpaceShape(_ input: [Int?], _ block: Int) throws(CoreOpError) -> [Int?] {
        try ShapeRules.requireRank(input, 4, "an NHWC image batch")
        let area = try ShapeRules.multiply(block, block)
        if let channels = input[3], channels % area != 0 {
            throw CoreOpError(
                "channels of shape \(ShapeRules.describe(input)) are not a multiple of block_size² \(area)")
        }
        let scale = { (size: Int) throws(CoreOpError) in try ShapeRules.multiply(size, block) }
        return [
            input[0], try ShapeRules.map(input[1], scale), try ShapeRules.map(input[2], scale),
            input[3].map { $0 / area },
        ]
    }
}
