import Foundation

/// Reads a MIL blob storage file (`weights/weight.bin`), written by any tool: the header
/// (count, version 2), and each blob through its metadata record, whose offset a
/// `BlobFileValue` gives.
public struct MILBlobFile: Sendable {
    /// The element type of a blob, by the storage format's number.
    public enum ElementType: UInt32, Sendable {
        case float16 = 1
        case float32 = 2
        case uint8 = 3
        case int8 = 4
    }

    public let data: Data
    /// The number of blobs the header announces.
    public let count: Int

    static let sentinel: UInt32 = 0xDEAD_BEEF

    /// - Throws: ``MILEvaluationError`` when the header is short or not of version 2.
    public init(data: Data) throws(MILEvaluationError) {
        self.data = data
        guard data.count >= 64 else { throw MILEvaluationError("weight file shorter than its 64-byte header") }
        let version: UInt32 = Self.integer(data, at: 4)
        guard version == 2 else { throw MILEvaluationError("weight file version \(version), expected 2") }
        count = Int(Self.integer(data, at: 0) as UInt32)
    }

    /// The blob whose metadata starts at `offset`: its element type and values.
    /// - Throws: ``MILEvaluationError`` for a misaligned offset, a wrong sentinel, or data past
    ///   the end of the file.
    public func blob(at offset: UInt64) throws(MILEvaluationError) -> (type: ElementType, values: [Float]) {
        guard offset % 64 == 0, offset >= 64, offset + 64 <= UInt64(data.count) else {
            throw MILEvaluationError("blob offset \(offset) is not a 64-byte aligned record in the file")
        }
        let start = Int(offset)
        let sentinel: UInt32 = Self.integer(data, at: start)
        guard sentinel == Self.sentinel else {
            throw MILEvaluationError("blob at \(offset) has no 0xDEADBEEF sentinel")
        }
        let rawType: UInt32 = Self.integer(data, at: start + 4)
        guard let type = ElementType(rawValue: rawType) else {
            throw MILEvaluationError("blob at \(offset) has unknown data type \(rawType)")
        }
        let size: UInt64 = Self.integer(data, at: start + 8)
        let dataOffset: UInt64 = Self.integer(data, at: start + 16)
        guard dataOffset % 64 == 0, dataOffset + size <= UInt64(data.count) else {
            throw MILEvaluationError("blob at \(offset) points past the end of the file")
        }
        let begin = Int(dataOffset)
        var values: [Float] = []
        switch type {
        case .float16:
            values = stride(from: 0, to: Int(size) / 2 * 2, by: 2).map { step in
                HalfFloat.value(Self.integer(data, at: begin + step))
            }
        case .float32:
            values = stride(from: 0, to: Int(size) / 4 * 4, by: 4).map { step in
                Float(bitPattern: Self.integer(data, at: begin + step))
            }
        case .uint8: values = (0..<Int(size)).map { Float(data[data.startIndex + begin + $0]) }
        case .int8: values = (0..<Int(size)).map { Float(Int8(bitPattern: data[data.startIndex + begin + $0])) }
        }
        return (type, values)
    }

    static func integer<T: FixedWidthInteger>(_ data: Data, at offset: Int) -> T {
        var value = T.zero
        for byte in (0..<MemoryLayout<T>.size).reversed() {
            value = value << 8 | T(data[data.startIndex + offset + byte])
        }
        return value
    }
}
