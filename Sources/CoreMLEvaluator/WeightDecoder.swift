import CoreMLSpec
import Foundation

/// Decodes a `WeightParams` blob into doubles: float32 values, IEEE half-precision bytes or raw
/// little-endian float32 bytes. Quantized weights have no reference decoding here.
enum WeightDecoder {
    /// The values of `blob`; exactly one storage may be filled (an empty blob has no values).
    static func values(
        of blob: CoreML_Specification_WeightParams, label: String, context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Double] {
        let filled = [!blob.floatValue.isEmpty, !blob.float16Value.isEmpty, !blob.rawValue.isEmpty]
        guard filled.filter({ $0 }).count <= 1 else {
            throw context.fail(.invalidParameter("\(label): more than one weight storage is filled"))
        }
        if blob.hasQuantization || !blob.int8RawValue.isEmpty {
            throw context.fail(.unsupported("\(label): quantized weights"))
        }
        if !blob.float16Value.isEmpty {
            return try halfValues(blob.float16Value, label: label, context: context)
        }
        if !blob.rawValue.isEmpty {
            return try floatValues(blob.rawValue, label: label, context: context)
        }
        return blob.floatValue.map(Double.init)
    }

    private static func halfValues(
        _ bytes: Data, label: String, context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Double] {
        guard bytes.count % 2 == 0 else {
            throw context.fail(.invalidParameter("\(label): float16 storage has \(bytes.count) bytes"))
        }
        let raw = [UInt8](bytes)
        return stride(from: 0, to: raw.count, by: 2).map { offset in
            halfToDouble(UInt16(raw[offset]) | UInt16(raw[offset + 1]) << 8)
        }
    }

    private static func floatValues(
        _ bytes: Data, label: String, context: LayerContext
    ) throws(CoreMLEvaluationError) -> [Double] {
        guard bytes.count % 4 == 0 else {
            throw context.fail(.invalidParameter("\(label): raw float32 storage has \(bytes.count) bytes"))
        }
        let raw = [UInt8](bytes)
        return stride(from: 0, to: raw.count, by: 4).map { offset in
            var bits: UInt32 = 0
            for byte in 0..<4 { bits |= UInt32(raw[offset + byte]) << (8 * UInt32(byte)) }
            return Double(Float(bitPattern: bits))
        }
    }

    /// An IEEE 754 binary16 value, decoded by hand so the result does not depend on `Float16`
    /// being available on the platform.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x03FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Foundation.pow(2, Double(exponent - 15))
        }
    }
}
