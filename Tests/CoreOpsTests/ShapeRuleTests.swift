import CoreOps
import Testing

/// Shape rules on shapes with unknown dimensions (nil, shown as `?`), as Keras models give them.
@Suite struct ShapeRuleTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var op: String
        var operands: [[Int?]]
        var attributes: [String: AttributeValue]
        var expected: [Int?]

        init(_ op: String, _ operands: [[Int?]], _ attributes: [String: AttributeValue], _ expected: [Int?]) {
            self.op = op
            self.operands = operands
            self.attributes = attributes
            self.expected = expected
        }

        init(_ op: String, _ operands: [[Int?]], _ expected: [Int?]) {
            self.init(op, operands, [:], expected)
        }

        var testDescription: String { "\(op) \(operands) \(attributes.sorted { $0.key < $1.key })" }
    }

    static let inferred: [Row] = [
        Row("add", [[nil, 3], [3]], [nil, 3]),
        Row("add", [[nil, 1], [1, 4]], [nil, 4]),
        Row("mul", [[nil], [1]], [nil]),
        Row("sub", [[nil, 3], [nil, 1]], [nil, 3]),
        Row("select", [[nil, 1], [3], []], [nil, 3]),
        Row("sqrt", [[nil, 5]], [nil, 5]),
        Row("reduce_mean", [[nil, 4, 5]], ["axes": .ints([-1])], [nil, 4]),
        Row("reduce_mean", [[nil, 4, 5]], ["axes": .ints([-1]), "keepdims": .bool(true)], [nil, 4, 1]),
        Row("reduce_sum", [[nil, 4]], []),
        Row("softmax", [[nil, 3]], [nil, 3]),
        Row("l2_normalize", [[nil, 3]], ["axis": .int(-1)], [nil, 3]),
        Row("reshape", [[nil, 4, 2]], ["shape": .ints([-1, 8])], [nil, 8]),
        Row("reshape", [[nil, 4]], ["shape": .ints([-1, 2, 2])], [nil, 2, 2]),
        Row("reshape", [[2, 6]], ["shape": .ints([-1, 4])], [3, 4]),
        Row("reshape", [[nil, 3]], ["shape": .ints([2, 3])], [2, 3]),
        Row("transpose", [[nil, 3, 4]], ["perm": .ints([0, 2, 1])], [nil, 4, 3]),
        Row("expand_dims", [[nil, 2]], ["axis": .int(-1)], [nil, 2, 1]),
        Row("expand_dims", [[nil, 2]], ["axis": .int(0)], [1, nil, 2]),
        Row("squeeze", [[nil, 1, 3]], [nil, 3]),
        Row("squeeze", [[nil, 1, 3]], ["axes": .ints([1])], [nil, 3]),
        Row("tile", [[nil, 2]], ["multiples": .ints([1, 3])], [nil, 6]),
        Row("concat", [[nil, 2], [nil, 3]], ["axis": .int(-1)], [nil, 5]),
        Row("concat", [[nil, 2], [3, 2]], ["axis": .int(0)], [nil, 2]),
        Row("concat", [[nil, 2], [3, nil]], ["axis": .int(1)], [3, nil]),
        Row("reverse", [[nil, 2]], ["axes": .int(0)], [nil, 2]),
        Row(
            "slice", [[nil, 4]],
            [
                "begin": .ints([0, 1]), "end": .ints([0, 3]), "strides": .ints([1, 1]), "begin_mask": .int(1),
                "end_mask": .int(1),
            ],
            [nil, 2]),
        Row(
            "slice", [[nil, 4]],
            [
                "begin": .ints([0, 0]), "end": .ints([0, 1]), "begin_mask": .int(1), "end_mask": .int(1),
                "shrink_axis_mask": .int(2),
            ],
            [nil]),
        Row("slice", [[2]], ["begin": .ints([0]), "end": .ints([1]), "shrink_axis_mask": .int(1)], []),
        // Mask bits past the last index are ignored, as TensorFlow does; the top bit must not trap.
        Row("slice", [[4]], ["begin": .ints([0]), "end": .ints([1]), "ellipsis_mask": .int(Int.min)], [1]),
        Row("pad", [[nil, 4]], ["paddings": .ints([0, 0, 1, 2])], [nil, 7]),
        Row("pad", [[nil, 4]], ["paddings": .ints([1, 1, 3, 3]), "mode": .string("reflect")], [nil, 10]),
        Row("space_to_depth", [[nil, 4, 6, 3]], ["block_size": .int(2)], [nil, 2, 3, 12]),
        Row("depth_to_space", [[nil, 2, 3, 12]], ["block_size": .int(2)], [nil, 4, 6, 3]),
        Row("resize", [[nil, nil, nil, 3]], ["size": .ints([32, 32])], [nil, 32, 32, 3]),
        Row("matmul", [[nil, 3], [3, 5]], [nil, 5]),
        Row("matmul", [[nil, 2, 3], [3, 4]], [nil, 2, 4]),
        Row("matmul", [[nil, 2, 3], [nil, 4, 3]], ["transpose_b": .bool(true)], [nil, 2, 4]),
        Row("shape", [[nil, 3]], [2]),
        Row("random_normal", [[nil, 2]], [nil, 2]),
        Row("const", [], ["value": .float(0), "shape": .ints([2, 3])], [2, 3]),
    ]

    static let impossible: [(Row, String)] = [
        (Row("add", [[2, 3], [4]], []), "add: shapes [2, 3] and [4] do not broadcast"),
        (
            Row("reduce_sum", [[nil, 3]], ["axes": .ints([2])], []),
            "reduce_sum: axis 2 is out of range for shape [?, 3] (rank 2)"
        ),
        (
            Row("reduce_sum", [[nil, 3]], ["axes": .ints([1, -1])], []), "reduce_sum: axis -1 is given twice in [1, -1]"
        ),
        (
            Row("softmax", [[nil, 3]], ["axis": .int(2)], []),
            "softmax: axis 2 is out of range for shape [?, 3] (rank 2)"
        ),
        (
            Row("reshape", [[2, 3]], ["shape": .ints([4])], []),
            "reshape: cannot reshape [2, 3] to [4]: 6 values do not fill 4"
        ),
        (
            Row("reshape", [[nil, 3]], ["shape": .ints([4, 2])], []),
            "reshape: cannot reshape [?, 3] to [4, 2]: sizes are incompatible"
        ),
        (
            Row("reshape", [[6]], ["shape": .ints([-1, -1])], []),
            "reshape: cannot reshape [6] to [-1, -1]: dimensions must be >= 0, with at most one -1"
        ),
        (
            Row("reshape", [[6]], ["shape": .ints([-1, 4])], []),
            "reshape: cannot reshape [6] to [-1, 4]: 6 values do not divide into 4"
        ),
        (
            Row("transpose", [[nil, 3, 4]], ["perm": .ints([0, 0, 1])], []),
            "transpose: perm [0, 0, 1] is not a permutation of the dimensions of [?, 3, 4]"
        ),
        (
            Row("expand_dims", [[nil, 2]], ["axis": .int(3)], []),
            "expand_dims: axis 3 is out of range for shape [?, 2] (rank 3)"
        ),
        (
            Row("squeeze", [[nil, 1, 3]], ["axes": .ints([2])], []),
            "squeeze: cannot squeeze axis 2 of shape [?, 1, 3]: its size is not 1"
        ),
        (
            Row("tile", [[nil, 2]], ["multiples": .ints([2])], []),
            "tile: multiples [2] must be one non-negative count per dimension of [?, 2]"
        ),
        (
            Row("concat", [[2, 3], [2, 4]], ["axis": .int(0)], []),
            "concat: operands [2, 3], [2, 4] differ outside axis 0"
        ),
        (Row("concat", [[2, 3], [2]], ["axis": .int(0)], []), "concat: operands [2, 3], [2] differ in rank"),
        (
            Row("reverse", [[nil, 2]], ["axes": .ints([5])], []),
            "reverse: axis 5 is out of range for shape [?, 2] (rank 2)"
        ),
        (
            Row("pad", [[nil, 4]], ["paddings": .ints([0, 0, 4, 0]), "mode": .string("reflect")], []),
            "pad: reflect padding of 4 exceeds 3 for axis 1 of shape [?, 4]"
        ),
        (
            Row("space_to_depth", [[nil, 5, 4, 3]], ["block_size": .int(2)], []),
            "space_to_depth: dimension 1 of shape [?, 5, 4, 3] is not a multiple of block_size 2"
        ),
        (
            Row("depth_to_space", [[nil, 2, 2, 6]], ["block_size": .int(2)], []),
            "depth_to_space: channels of shape [?, 2, 2, 6] are not a multiple of block_size² 4"
        ),
        (
            Row("space_to_depth", [[nil, 4, 4]], ["block_size": .int(2)], []),
            "space_to_depth: expects an NHWC image batch of rank 4, got shape [?, 4, 4]"
        ),
        (
            Row("resize", [[nil, 8, 3]], ["size": .ints([4, 4])], []),
            "resize: expects an NHWC image batch of rank 4, got shape [?, 8, 3]"
        ),
        (
            Row("matmul", [[nil, 3], [4, 5]], []),
            "matmul: inner dimensions of [?, 3] and [4, 5] differ (transpose_a=false, transpose_b=false)"
        ),
        (Row("matmul", [[3], [3, 5]], []), "matmul: expects a of rank at least 2, got shape [3]"),
        (Row("matmul", [[2, 2, 3], [3, 3, 4]], []), "matmul: shapes [2] and [3] do not broadcast"),
        (
            Row(
                "slice", [[nil, 4]], ["begin": .ints([0, 9]), "end": .ints([0, 10]), "shrink_axis_mask": .int(2)], []),
            "slice: index 9 is out of bounds for axis 1 of shape [?, 4]"
        ),
    ]

    @Test(arguments: inferred)
    func inferredShape(_ row: Row) throws {
        let op = try #require(CoreOpCatalog.op(named: row.op))
        #expect(try op.shape(row.operands, row.attributes) == row.expected)
    }

    @Test(arguments: impossible)
    func impossibleShapeIsAnError(_ row: Row, _ message: String) throws {
        let op = try #require(CoreOpCatalog.op(named: row.op))
        let error = #expect(throws: CoreOpError.self) { try op.shape(row.operands, row.attributes) }
        #expect(error?.op == row.op)
        #expect(error?.description == message)
    }
}

extension ShapeRuleTests {
    /// Sizes come from rule files and recorded JSON: absurd ones are errors, not overflow traps.
    @Test(arguments: [
        Row("reshape", [[nil, 3]], ["shape": .ints([Int.max, 2])], []),
        Row("tile", [[nil, 1 << 40]], ["multiples": .ints([1, 1 << 40])], []),
        Row("pad", [[Int.max]], ["paddings": .ints([1, 0])], []),
        Row("concat", [[Int.max], [1]], ["axis": .int(0)], []),
        Row("depth_to_space", [[nil, 1 << 40, 1, 4]], ["block_size": .int(1 << 40)], []),
        Row("const", [], ["value": .float(0), "shape": .ints([1 << 40, 1 << 40])], []),
    ])
    func hugeSizesAreErrors(_ row: Row) throws {
        let op = try #require(CoreOpCatalog.op(named: row.op))
        let error = #expect(throws: CoreOpError.self) { try op.shape(row.operands, row.attributes) }
        #expect(error?.op == row.op)
    }
}
