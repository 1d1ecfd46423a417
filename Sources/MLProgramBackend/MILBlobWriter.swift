import CoreMLSpec
import CoreOps
import Foundation

/// Appends weights to a MIL blob storage file (`weights/weight.bin`) as they are read, so memory
/// stays near the largest tensor.
///
/// The file is a 64-byte header (blob count, format version 2) followed by one record per blob:
/// 64 bytes of metadata (the sentinel `0xDEADBEEF`, the element type, the data's size and
/// offset) then the data, each record starting on a 64-byte boundary. A `BlobFileValue` refers to
/// a blob by the offset of its metadata. The header's count is written last, by ``finish()``.
final class MILBlobWriter {
    /// The element types of blobs, as the storage format numbers them.
    enum ElementType: UInt32 {
        case float16 = 1
        case float32 = 2
    }

    static let alignment = 64
    static let sentinel: UInt32 = 0xDEAD_BEEF
    static let version: UInt32 = 2

    /// `nil` for a writer that only counts (``discarding()``).
    private let handle: FileHandle?
    private(set) var count: UInt32 = 0
    /// Where the next record goes (always a multiple of the alignment).
    private(set) var end: UInt64
    /// A discarding writer's hash of each blob's data, by the blob's offset.
    private(set) var contentHashes: [UInt64: Int] = [:]

    /// Starts the file at `url` (created or emptied) with a header counting no blob.
    init(url: URL) throws(MLProgramConversionError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw MLProgramConversionError(layer: "", className: "", message: "cannot create \(url.path)") }
        self.handle = handle
        end = 0
        try write(Self.header(count: 0))
        end = UInt64(Self.alignment)
    }

    /// A writer that lays out blobs as the file would, giving the same offsets, but writes
    /// nothing: for conversions whose program is compared, not kept (the size checks).
    static func discarding() -> MILBlobWriter { MILBlobWriter() }

    private init() {
        handle = nil
        end = UInt64(Self.alignment)
    }

    deinit {
        try? handle?.close()
    }

    /// Appends one blob of `values` stored as `type`; returns the offset of its metadata.
    func append(_ values: [Float], as type: ElementType) throws(MLProgramConversionError) -> UInt64 {
        let data = Self.encode(values, as: type)
        let offset = end
        if handle == nil {
            var hasher = Hasher()
            hasher.combine(type.rawValue)
            hasher.combine(data)
            contentHashes[offset] = hasher.finalize()
        }
        var record = Data(capacity: Self.alignment + data.count)
        Self.appendInteger(Self.sentinel, to: &record)
        Self.appendInteger(type.rawValue, to: &record)
        Self.appendInteger(UInt64(data.count), to: &record)
        Self.appendInteger(offset + UInt64(Self.alignment), to: &record)
        record.append(Data(count: Self.alignment - record.count))
        record.append(data)
        let padding = (Self.alignment - record.count % Self.alignment) % Self.alignment
        record.append(Data(count: padding))
        try write(record)
        end += UInt64(record.count)
        count += 1
        return offset
    }

    /// Writes the header's final count and closes the file.
    func finish() throws(MLProgramConversionError) {
        guard let handle else { return }
        do {
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: Self.header(count: count))
            try handle.close()
        } catch {
            throw MLProgramConversionError(layer: "", className: "", message: "cannot write weights: \(error)")
        }
    }

    private func write(_ data: Data) throws(MLProgramConversionError) {
        guard let handle else { return }
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw MLProgramConversionError(layer: "", className: "", message: "cannot write weights: \(error)")
        }
    }

    static func header(count: UInt32) -> Data {
        var header = Data(capacity: alignment)
        appendInteger(count, to: &header)
        appendInteger(version, to: &header)
        header.append(Data(count: alignment - header.count))
        return header
    }

    /// `values` as little-endian fp16 or fp32 bytes, written into one buffer (appending to a
    /// `Data` value by value took most of a large conversion's time).
    static func encode(_ values: [Float], as type: ElementType) -> Data {
        switch type {
        case .float16:
            return HalfPrecision.bytes(values)
        case .float32:
            return LittleEndianFloats.bytes(values)
        }
    }

    static func appendInteger<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
