import CoreOps
import Testing

@Suite struct AttributeValidationTests {
    @Test(
        arguments: [
            ("add", ["axis": .int(1)], "add: unknown attribute 'axis' (it takes no attributes)"),
            ("softmax", ["axes": .int(1)], "softmax: unknown attribute 'axes' (expected axis)"),
            ("clip", ["min": .float(0)], "clip: missing required attribute 'max' (a float)"),
            ("reshape", [:], "reshape: missing required attribute 'shape' (a list of ints)"),
            ("softmax", ["axis": .float(1.5)], "softmax: attribute 'axis' must be an int, got 1.5"),
            ("reduce_sum", ["keepdims": .int(1)], "reduce_sum: attribute 'keepdims' must be a bool, got 1"),
            (
                "reduce_sum", ["axes": .string("all")],
                "reduce_sum: attribute 'axes' must be None, an int or a list of ints, got 'all'"
            ),
            (
                "transpose", ["perm": .floats([1, 0])],
                "transpose: attribute 'perm' must be None, an int or a list of ints, got (1.0, 0.0)"
            ),
            ("tile", ["multiples": .int(2)], "tile: attribute 'multiples' must be a list of ints, got 2"),
            (
                "pad", ["paddings": .ints([1, 1]), "mode": .string("wrap")],
                "pad: attribute 'mode' must be one of 'constant', 'reflect', 'symmetric', got 'wrap'"
            ),
            (
                "cast", ["dtype": .string("string")],
                "cast: attribute 'dtype' must be one of 'float16', 'float32', 'float64', 'int8', 'int16', 'int32', "
                    + "'int64', 'uint8', 'bool', got 'string'"
            ),
            (
                "space_to_depth", ["block_size": .bool(true)],
                "space_to_depth: attribute 'block_size' must be an int, got True"
            ),
            (
                "l2_normalize", ["axis": AttributeValue.none],
                "l2_normalize: attribute 'axis' must be an int or a list of ints, got None"
            ),
        ] as [(String, [String: AttributeValue], String)])
    func invalidAttributesAreRejected(_ name: String, _ given: [String: AttributeValue], _ message: String) throws {
        let op = try #require(CoreOpCatalog.op(named: name))
        let error = #expect(throws: CoreOpError.self) { try op.resolvedAttributes(given) }
        #expect(error?.description == message)
    }

    @Test(
        arguments: [
            ("reduce_sum", [:], ["axes": AttributeValue.none, "keepdims": .bool(false)]),
            ("reduce_sum", ["axes": .int(1)], ["axes": .ints([1]), "keepdims": .bool(false)]),
            ("clip", ["min": .int(0), "max": .int(6)], ["min": .float(0), "max": .float(6)]),
            (
                "pad", ["paddings": .ints([1, 1]), "mode": .string("REFLECT")],
                ["paddings": .ints([1, 1]), "mode": .string("reflect"), "constant": .float(0)]
            ),
            ("hard_sigmoid", [:], ["slope": .float(0.2), "offset": .float(0.5)]),
            ("l2_normalize", ["axis": .int(-1)], ["axis": .int(-1), "epsilon": .float(1e-12)]),
            ("l2_normalize", ["axis": .ints([1, 2])], ["axis": .ints([1, 2]), "epsilon": .float(1e-12)]),
            ("const", ["value": .ints([1, 2])], ["value": .floats([1, 2]), "shape": AttributeValue.none]),
            ("const", ["value": .int(3)], ["value": .float(3), "shape": AttributeValue.none]),
            (
                "resize", ["size": .ints([8, 8])],
                [
                    "size": .ints([8, 8]), "method": .string("bilinear"), "align_corners": .bool(false),
                    "half_pixel_centers": .bool(false),
                ]
            ),
            ("random_normal", [:], ["mean": .float(0), "stddev": .float(1), "seed": .int(0)]),
        ] as [(String, [String: AttributeValue], [String: AttributeValue])])
    func defaultsAreFilledAndValuesCanonical(
        _ name: String, _ given: [String: AttributeValue], _ resolved: [String: AttributeValue]
    ) throws {
        let op = try #require(CoreOpCatalog.op(named: name))
        #expect(try op.resolvedAttributes(given) == resolved)
    }

    @Test func evaluationAndShapeRuleValidateAttributesThemselves() throws {
        let softmax = try #require(CoreOpCatalog.op(named: "softmax"))
        #expect(throws: CoreOpError(op: "softmax", message: "attribute 'axis' must be an int, got 'x'")) {
            try softmax.evaluate([vector([1])], ["axis": .string("x")])
        }
        #expect(throws: CoreOpError(op: "softmax", message: "unknown attribute 'dim' (expected axis)")) {
            try softmax.shape([[nil, 2]], ["dim": .int(1)])
        }
    }

    @Test(arguments: [
        ("add", 1, "add: expects 2 operands, got 1"),
        ("neg", 2, "neg: expects 1 operand, got 2"),
        ("concat", 0, "concat: expects at least 1 operand, got 0"),
        ("const", 1, "const: expects 0 operands, got 1"),
    ])
    func wrongOperandCountsAreRejected(_ name: String, _ count: Int, _ message: String) throws {
        let op = try #require(CoreOpCatalog.op(named: name))
        let shapes = [[Int?]](repeating: [2], count: count)
        let attributes: [String: AttributeValue] = name == "concat" ? ["axis": .int(0)] : [:]
        #expect(throws: CoreOpError.self) { try op.checkOperandCount(count) }
        let error = #expect(throws: CoreOpError.self) { try op.shape(shapes, attributes) }
        #expect(error?.description == message)
        let tensors = [Tensor](repeating: vector([1, 2]), count: count)
        #expect(throws: CoreOpError.self) { try op.evaluate(tensors, attributes) }
    }
}
