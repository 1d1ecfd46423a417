import CoreMLSpec
import CoreOps
import Foundation

/// A value of the program: a tensor (bools and ints held as doubles) with its MIL element
/// type, or a string.
struct MILTensor: Sendable {
    var tensor: Tensor
    var type: MILDataType
    var string: String? = nil

    /// `tensor` rounded to what `type` can hold.
    static func rounded(_ tensor: Tensor, to type: MILDataType) -> Tensor {
        var result = tensor
        switch type {
        case .float16: result.values = tensor.values.map(HalfFloat.rounded)
        case .float32: result.values = tensor.values.map { Double(Float($0)) }
        default: break
        }
        return result
    }

    /// A constant's value: immediate, or a blob of the weight file.
    static func decode(
        _ value: CoreML_Specification_MILSpec_Value, weights: MILBlobFile?, operation: String
    ) throws(MILEvaluationError) -> MILTensor {
        let type = value.type.tensorType
        let shape = type.dimensions.map { Int($0.constant.size) }
        let count = shape.reduce(1, *)
        var values: [Double]
        var string: String? = nil
        switch value.value {
        case .blobFileValue(let blob)?:
            guard let weights else { throw MILEvaluationError(operation: operation, "a blob value but no weight file") }
            values = try weights.blob(at: blob.offset).values.map(Double.init)
        case .immediateValue(let immediate)?:
            let tensor = immediate.tensor
            switch tensor.value {
            case .floats(let floats)?: values = floats.values.map(Double.init)
            case .ints(let ints)?: values = ints.values.map(Double.init)
            case .longInts(let ints)?: values = ints.values.map(Double.init)
            case .doubles(let doubles)?: values = doubles.values
            case .bools(let bools)?: values = bools.values.map { $0 ? 1 : 0 }
            case .strings(let strings)?:
                values = []
                string = strings.values.first
            case .bytes(let bytes)?:
                values = decode(bytes.values, as: type.dataType)
            case nil: values = []
            }
        case nil: throw MILEvaluationError(operation: operation, "a value with neither data nor blob")
        }
        if string != nil { return MILTensor(tensor: .scalar(0), type: .string, string: string) }
        guard values.count == count else {
            throw MILEvaluationError(operation: operation, "\(values.count) values for shape \(shape)")
        }
        do {
            return MILTensor(tensor: try Tensor(shape: shape, values: values), type: type.dataType)
        } catch {
            throw MILEvaluationError(operation: operation, "\(error)")
        }
    }

    /// Raw little-endian fp16 or fp32 bytes.
    static func decode(_ bytes: Data, as type: MILDataType) -> [Double] {
        if type == .float16 {
            return stride(from: 0, to: bytes.count / 2 * 2, by: 2).map { offset in
                Double(HalfFloat.value(MILBlobFile.integer(bytes, at: offset)))
            }
        }
        return stride(from: 0, to: bytes.count / 4 * 4, by: 4).map { offset in
            Double(Float(bitPattern: MILBlobFile.integer(bytes, at: offset)))
        }
    }
}
