/// Linear algebra: `matmul`.
extension CoreOpCatalog {
    static let linearOps: [CoreOp] = [
        CoreOp(
            name: "matmul",
            summary: "Matrix product over the last two dimensions, batch dimensions broadcast (tf.linalg.matmul).",
            operands: .fixed(2), attributes: [.bool("transpose_a", false), .bool("transpose_b", false)],
            shape: { shapes, attributes throws(CoreOpError) in
                try matmulShape(shapes[0], shapes[1], attributes).shape
            },
            evaluate: { operands, attributes throws(CoreOpError) in
                try matmul(operands[0], operands[1], attributes)
            }
        )
    ]

    /// The output shape and the batch shape the operands broadcast to.
    private static func matmulShape(
        _ lhs: [Int?], _ rhs: [Int?], _ attributes: AttributeReader
    ) throws(CoreOpError) -> (shape: [Int?], batch: [Int?]) {
        try ShapeRules.requireRank(lhs, atLeast: 2, "a")
        try ShapeRules.requireRank(rhs, atLeast: 2, "b")
        let (transposeA, transposeB) = (try attributes.bool("transpose_a"), try attributes.bool("transpose_b"))
        let rows = lhs[lhs.count - (transposeA ? 1 : 2)]
        let inner = lhs[lhs.count - (transposeA ? 2 : 1)]
        let innerB = rhs[rhs.count - (transposeB ? 1 : 2)]
        let columns = rhs[rhs.count - (transposeB ? 2 : 1)]
        _ = try ShapeRules.unify(
            inner, innerB,
            "inner dimensions of \(ShapeRules.describe(lhs)) and \(ShapeRules.describe(rhs)) differ "
                + "(transpose_a=\(transposeA), transpose_b=\(transposeB))")
        let batch = try ShapeRules.broadcast(Array(lhs.dropLast(2)), Array(rhs.dropLast(2)))
        return (batch + [rows, columns], batch)
    }

    private static func matmul(_ lhs: Tensor, _ rhs: Tensor, _ attributes: AttributeReader) throws(CoreOpError)
        -> Tensor
    {
        let (shape, batch) = try matmulShape(ShapeRules.known(lhs.shape), ShapeRules.known(rhs.shape), attributes)
        let batchShape = batch.map { $0 ?? 0 }
        // Put both operands in [batch..., rows, inner] x [batch..., inner, columns] form first.
        let a = try oriented(lhs, transposed: try attributes.bool("transpose_a"), batch: batchShape)
        let b = try oriented(rhs, transposed: try attributes.bool("transpose_b"), batch: batchShape)
        let (rows, inner, columns) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let matrices = batchShape.reduce(1, *)
        var values: [Double] = []
        values.reserveCapacity(matrices * rows * columns)
        for matrix in 0..<matrices {
            let (aBase, bBase) = (matrix * rows * inner, matrix * inner * columns)
            for row in 0..<rows {
                for column in 0..<columns {
                    var sum = 0.0
                    for k in 0..<inner {
                        sum += a.values[aBase + row * inner + k] * b.values[bBase + k * columns + column]
                    }
                    values.append(sum)
                }
            }
        }
        return Tensor(unchecked: shape.map { $0 ?? 0 }, values: values)
    }

    /// A matmul operand with its last two dimensions swapped if asked, stretched to the batch shape.
    private static func oriented(_ x: Tensor, transposed: Bool, batch: [Int]) throws(CoreOpError) -> Tensor {
        var matrix = x
        if transposed {
            var permutation = Array(0..<x.rank)
            permutation.swapAt(x.rank - 1, x.rank - 2)
            matrix = x.transposed(permutation)
        }
        return try matrix.broadcast(to: batch + matrix.shape.suffix(2))
    }
}
