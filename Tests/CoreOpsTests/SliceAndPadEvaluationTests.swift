import CoreOps
import Testing

@Suite struct SliceAndPadEvaluationTests {
    /// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    static let grid = tensor([3, 4], (0..<12).map(Double.init))
    /// 0...7 in shape [2, 2, 2].
    static let cube = tensor([2, 2, 2], (0..<8).map(Double.init))

    /// A `slice` call as a rule writes it.
    static func slice(
        _ x: Tensor, begin: [Int], end: [Int], strides: [Int], masks: [String: Int] = [:], _ expected: Tensor,
        note: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> EvaluationCase {
        var attributes: [String: AttributeValue] = [
            "begin": .ints(begin), "end": .ints(end), "strides": .ints(strides),
        ]
        for (name, mask) in masks { attributes[name] = .int(mask) }
        return EvaluationCase("slice", [x], attributes, expected, note: note, sourceLocation: sourceLocation)
    }

    static let slices: [EvaluationCase] = [
        slice(
            grid, begin: [0, 1], end: [0, 3], strides: [1, 1], masks: ["begin_mask": 1, "end_mask": 1],
            tensor([3, 2], [1, 2, 5, 6, 9, 10]), note: "x[:, 1:3]"),
        slice(
            grid, begin: [0, 0], end: [0, 0], strides: [1, -1],
            masks: ["begin_mask": 2, "end_mask": 2, "ellipsis_mask": 1],
            tensor([3, 4], [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8]), note: "x[..., ::-1]"),
        slice(
            grid, begin: [0, 0], end: [0, 1], strides: [1, 1],
            masks: ["begin_mask": 1, "end_mask": 1, "shrink_axis_mask": 2], vector([0, 4, 8]), note: "x[:, 0]"),
        slice(
            grid, begin: [-1], end: [0], strides: [1], masks: ["shrink_axis_mask": 1], vector([8, 9, 10, 11]),
            note: "x[-1]"),
        slice(
            grid, begin: [0, 3], end: [0, 0], strides: [-1, -2], masks: ["begin_mask": 1, "end_mask": 1],
            tensor([3, 2], [11, 9, 7, 5, 3, 1]), note: "x[::-1, 3:0:-2]"),
        slice(
            grid, begin: [1, -3], end: [0, 0], strides: [1, 1], masks: ["end_mask": 3],
            tensor([2, 3], [5, 6, 7, 9, 10, 11]), note: "x[1:, -3:]"),
        slice(
            grid, begin: [0, 0, 2], end: [0, 0, 3], strides: [1, 1, 1],
            masks: ["begin_mask": 1, "end_mask": 1, "new_axis_mask": 2, "shrink_axis_mask": 4],
            tensor([3, 1], [2, 6, 10]), note: "x[:, None, 2]"),
        slice(grid, begin: [0], end: [100], strides: [1], grid, note: "x[0:100] clamps the end"),
        slice(grid, begin: [2], end: [1], strides: [1], tensor([0, 4], []), note: "x[2:1] is empty"),
        slice(
            grid, begin: [10], end: [-10], strides: [-1], tensor([3, 4], [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]),
            note: "x[10:-10:-1] clamps both ends backwards"),
        slice(
            cube, begin: [1, 0, 0], end: [2, 0, 1], strides: [1, 1, 1],
            masks: ["ellipsis_mask": 2, "shrink_axis_mask": 5], vector([4, 6]), note: "x[1, ..., 0]"),
        slice(
            vector([2, 5, 7]), begin: [0], end: [1], strides: [1], masks: ["shrink_axis_mask": 1], .scalar(2),
            note: "shape(x)[0]"),
    ]

    static let pads: [EvaluationCase] = [
        EvaluationCase("pad", [vector([1, 2, 3])], ["paddings": .ints([1, 2])], vector([0, 1, 2, 3, 0, 0])),
        EvaluationCase(
            "pad", [vector([1, 2, 3])], ["paddings": .ints([1, 2]), "constant": .float(9.5)],
            vector([9.5, 1, 2, 3, 9.5, 9.5])),
        EvaluationCase(
            "pad", [vector([1, 2, 3])], ["paddings": .ints([2, 2]), "mode": .string("reflect")],
            vector([3, 2, 1, 2, 3, 2, 1]), note: "reflect excludes the edge"),
        EvaluationCase(
            "pad", [vector([1, 2, 3])], ["paddings": .ints([2, 3]), "mode": .string("symmetric")],
            vector([2, 1, 1, 2, 3, 3, 2, 1]), note: "symmetric repeats the edge"),
        EvaluationCase(
            "pad", [vector([1, 2, 3])], ["paddings": .ints([3, 0]), "mode": .string("symmetric")],
            vector([3, 2, 1, 1, 2, 3]), note: "symmetric allows padding up to the size"),
        EvaluationCase(
            "pad", [tensor([2, 3], [1, 2, 3, 4, 5, 6])],
            ["paddings": .ints([1, 1, 1, 1]), "mode": .string("REFLECT")],
            tensor([4, 5], [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2]),
            note: "TensorFlow's upper-case mode"),
        EvaluationCase(
            "pad", [tensor([1, 2], [1, 2])], ["paddings": .ints([0, 0, 0, 1])], tensor([1, 3], [1, 2, 0])),
    ]

    @Test(arguments: slices)
    func stridedSlice(_ row: EvaluationCase) throws { try row.check() }

    @Test(arguments: pads)
    func pad(_ row: EvaluationCase) throws { try row.check() }

    @Test(
        arguments: [
            (["paddings": .ints([3, 0]), "mode": .string("reflect")], "reflect padding of 3 exceeds 2"),
            (["paddings": .ints([4, 0]), "mode": .string("symmetric")], "symmetric padding of 4 exceeds 3"),
            (["paddings": .ints([1])], "pair per dimension"),
            (["paddings": .ints([-1, 0])], "non-negative"),
        ] as [([String: AttributeValue], String)])
    func badPaddingsAreErrors(_ attributes: [String: AttributeValue], _ message: String) throws {
        let pad = try #require(CoreOpCatalog.op(named: "pad"))
        let error = #expect(throws: CoreOpError.self) { try pad.evaluate([vector([1, 2, 3])], attributes) }
        #expect(error?.op == "pad")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test(
        arguments: [
            (
                ["begin": .ints([5]), "end": .ints([6]), "strides": .ints([1]), "shrink_axis_mask": .int(1)],
                "out of bounds"
            ),
            (["begin": .ints([0]), "end": .ints([1]), "strides": .ints([0])], "non-zero"),
            (["begin": .ints([0, 0]), "end": .ints([1])], "same length"),
            (["begin": .ints([0, 0, 0]), "end": .ints([1, 1, 1])], "more indices"),
            (["begin": .ints([0, 0]), "end": .ints([1, 1]), "ellipsis_mask": .int(3)], "more than one ellipsis"),
            (
                ["begin": .ints([1]), "end": .ints([0]), "strides": .ints([-1]), "shrink_axis_mask": .int(1)],
                "stride 1"
            ),
        ] as [([String: AttributeValue], String)])
    func badSlicesAreErrors(_ attributes: [String: AttributeValue], _ message: String) throws {
        let slice = try #require(CoreOpCatalog.op(named: "slice"))
        let error = #expect(throws: CoreOpError.self) { try slice.evaluate([Self.grid], attributes) }
        #expect(error?.op == "slice")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }
}
