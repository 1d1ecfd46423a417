import Foundation

/// Float32 weights as the bytes every output format stores them in: little-endian IEEE 754,
/// four bytes each (an ONNX tensor's `raw_data`, an ML Program's fp32 blobs).
public enum LittleEndianFloats {
    /// `values` written into one buffer: appending to a `Data` value by value cost most of a
    /// large model's conversion time.
    public static func bytes(_ values: [Float]) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return data
    }
}
