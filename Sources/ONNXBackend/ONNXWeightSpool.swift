import Foundation

/// A temporary file the float weights of a conversion go to as they are read, so that memory
/// stays near the largest tensor: the graph keeps each weight's place in the file, and the writer
/// (``ONNXModelFile/write(_:spool:dataFileName:threshold:model:data:)``) copies them out one at
/// a time. The file is removed when the spool is released.
public final class ONNXWeightSpool {
    /// Weights of fewer bytes stay in the graph (scalars, scales, small biases).
    let smallest: Int

    private let url: URL
    private let handle: FileHandle
    /// Where the next weight goes.
    private(set) var end = 0

    /// Creates the spool file at `url`, which must not exist, for weights of `smallest` bytes
    /// or more.
    public init(url: URL, smallest: Int = 1024) throws(ONNXConversionError) {
        self.smallest = smallest
        guard !FileManager.default.fileExists(atPath: url.path),
            FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forUpdatingAtPath: url.path)
        else { throw ONNXConversionError(layer: "", className: "", message: "cannot create \(url.path)") }
        self.url = url
        self.handle = handle
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Appends `bytes`; returns where they start.
    func append(_ bytes: Data) throws(ONNXConversionError) -> Int {
        let offset = end
        do {
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: bytes)
        } catch {
            throw ONNXConversionError(layer: "", className: "", message: "cannot write \(url.path): \(error)")
        }
        end += bytes.count
        return offset
    }

    /// The `count` bytes at `offset`.
    func read(_ range: Range<Int>) throws(ONNXConversionError) -> Data {
        do {
            try handle.seek(toOffset: UInt64(range.lowerBound))
            let data = try handle.read(upToCount: range.count) ?? Data()
            guard data.count == range.count else {
                throw ONNXConversionError(layer: "", className: "", message: "\(url.path) ends early")
            }
            return data
        } catch let error as ONNXConversionError {
            throw error
        } catch {
            throw ONNXConversionError(layer: "", className: "", message: "cannot read \(url.path): \(error)")
        }
    }
}
