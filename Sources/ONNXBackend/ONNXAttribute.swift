import Foundation
import ONNXSpec

/// Builders of node attributes, each with its ONNX type set (the format requires it).
enum ONNXAttribute {
    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var attribute = named(name, .int)
        attribute.i = Int64(value)
        return attribute
    }

    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var attribute = named(name, .ints)
        attribute.ints = values.map(Int64.init)
        return attribute
    }

    static func float(_ name: String, _ value: Double) -> Onnx_AttributeProto {
        var attribute = named(name, .float)
        attribute.f = Float(value)
        return attribute
    }

    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        var attribute = named(name, .string)
        attribute.s = Data(value.utf8)
        return attribute
    }

    static func floats(_ name: String, _ values: [Double]) -> Onnx_AttributeProto {
        var attribute = named(name, .floats)
        attribute.floats = values.map(Float.init)
        return attribute
    }

    static func strings(_ name: String, _ values: [String]) -> Onnx_AttributeProto {
        var attribute = named(name, .strings)
        attribute.strings = values.map { Data($0.utf8) }
        return attribute
    }

    private static func named(_ name: String, _ type: Onnx_AttributeProto.AttributeType) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = type
        return attribute
    }
}

/// ONNX element types as stored in `TensorProto.data_type` and `TypeProto.Tensor.elem_type`.
enum ONNXElementType {
    static let float = Int32(Onnx_TensorProto.DataType.float.rawValue)
    static let int64 = Int32(Onnx_TensorProto.DataType.int64.rawValue)
    static let bool = Int32(Onnx_TensorProto.DataType.bool.rawValue)
}
