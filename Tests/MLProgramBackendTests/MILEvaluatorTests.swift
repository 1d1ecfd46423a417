import CoreMLSpec
import CoreOps
import Foundation
import Testing

@testable import MILEvaluator

/// The evaluator's operations, each checked on a small case worked by hand from the MIL
/// operation's documentation.
@Suite struct MILEvaluatorTests {
    /// A program of one operation of `type` reading input `x` and the given constants.
    static func run(
        _ type: String, x: Tensor, constants: [String: (MILDataType, [Int], [Double], String?)],
        output: MILDataType = .float32
    ) throws -> Tensor {
        var block = CoreML_Specification_MILSpec_Block()
        var operation = CoreML_Specification_MILSpec_Operation()
        operation.type = type
        operation.inputs["x"] = argument(name: "x")
        for (key, (dataType, shape, values, text)) in constants {
            var value = CoreML_Specification_MILSpec_Value()
            value.type = valueType(dataType, shape)
            if let text {
                value.immediateValue.tensor.strings.values = [text]
            } else if dataType == .int32 {
                value.immediateValue.tensor.ints.values = values.map { Int32($0) }
            } else if dataType == .bool {
                value.immediateValue.tensor.bools.values = values.map { $0 != 0 }
            } else {
                value.immediateValue.tensor.floats.values = values.map(Float.init)
            }
            var binding = CoreML_Specification_MILSpec_Argument.Binding()
            binding.value = value
            var argument = CoreML_Specification_MILSpec_Argument()
            argument.arguments = [binding]
            operation.inputs[key] = argument
        }
        var named = CoreML_Specification_MILSpec_NamedValueType()
        named.name = "y"
        named.type = valueType(output, [])
        operation.outputs = [named]
        block.operations = [operation]
        block.outputs = ["y"]
        var input = CoreML_Specification_MILSpec_NamedValueType()
        input.name = "x"
        input.type = valueType(.float32, x.shape)
        var function = CoreML_Specification_MILSpec_Function()
        function.inputs = [input]
        function.opset = "CoreML5"
        function.blockSpecializations["CoreML5"] = block
        var model = CoreML_Specification_Model()
        model.mlProgram.functions["main"] = function
        let result = try MILEvaluator(model: model, weights: nil).predict(["x": x])
        return try #require(result["y"])
    }

    static func argument(name: String) -> CoreML_Specification_MILSpec_Argument {
        var binding = CoreML_Specification_MILSpec_Argument.Binding()
        binding.name = name
        var argument = CoreML_Specification_MILSpec_Argument()
        argument.arguments = [binding]
        return argument
    }

    static func valueType(_ dataType: MILDataType, _ shape: [Int]) -> CoreML_Specification_MILSpec_ValueType {
        var tensor = CoreML_Specification_MILSpec_TensorType()
        tensor.dataType = dataType
        tensor.rank = Int64(shape.count)
        tensor.dimensions = shape.map { size in
            var dimension = CoreML_Specification_MILSpec_Dimension()
            dimension.constant.size = UInt64(size)
            return dimension
        }
        var type = CoreML_Specification_MILSpec_ValueType()
        type.tensorType = tensor
        return type
    }

    /// `pad` pads the last axes: one pair for a rank-2 input pads its columns only.
    @Test func padPadsTheLastAxes() throws {
        let x = try Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let y = try Self.run(
            "pad", x: x,
            constants: [
                "pad": (.int32, [2], [1, 0], nil), "mode": (.string, [], [], "reflect"),
            ])
        #expect(y.shape == [2, 3] && y.values == [2, 1, 2, 4, 3, 4])
    }

    /// `slice_by_index` with a masked begin and a negative stride walks back from the end.
    @Test func sliceByIndexHonoursMasksAndNegativeStrides() throws {
        let x = try Tensor(shape: [1, 5], values: [0, 1, 2, 3, 4])
        let y = try Self.run(
            "slice_by_index", x: x,
            constants: [
                "begin": (.int32, [2], [0, 0], nil), "end": (.int32, [2], [1, 0], nil),
                "stride": (.int32, [2], [1, -2], nil), "begin_mask": (.bool, [2], [0, 1], nil),
                "end_mask": (.bool, [2], [0, 1], nil),
            ])
        #expect(y.shape == [1, 3] && y.values == [4, 2, 0])
    }

    /// `avg_pool` leaves padded positions out of the count when asked.
    @Test func averagePoolingCanExcludePadding() throws {
        let x = try Tensor(shape: [1, 1, 1, 2], values: [2, 4])
        let common: [String: (MILDataType, [Int], [Double], String?)] = [
            "kernel_sizes": (.int32, [2], [1, 2], nil), "strides": (.int32, [2], [1, 1], nil),
            "pad_type": (.string, [], [], "custom"), "pad": (.int32, [4], [0, 0, 0, 1], nil),
        ]
        var excluding = common
        excluding["exclude_padding_from_average"] = (.bool, [], [1], nil)
        #expect(try Self.run("avg_pool", x: x, constants: excluding).values == [3, 4])
        #expect(try Self.run("avg_pool", x: x, constants: common).values == [3, 2])
    }

    /// An fp16 result is rounded to half precision.
    @Test func float16ResultsAreRounded() throws {
        let x = try Tensor(shape: [1], values: [1.0 / 3.0])
        let y = try Self.run("identity", x: x, constants: [:], output: .float16)
        // 1/3 in binary16 is 0x3555: 1365 / 4096.
        #expect(y.values == [1365.0 / 4096.0])
        #expect(y.values != [Double(Float(1.0 / 3.0))])
    }

    @Test func anUnknownOperationIsNamed() throws {
        #expect {
            try Self.run("frobnicate", x: try Tensor(shape: [1], values: [1]), constants: [:])
        } throws: { error in
            "\(error)".contains("'frobnicate' has no reference evaluation")
        }
    }
}
