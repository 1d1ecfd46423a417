import CoreMLBackend
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file whole or not at all: into a temporary file beside the target, then renamed over it.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to target: URL) throws(PipelineError) {
        try produce(target) { temporary in try Data(bytes).write(to: temporary) }
    }

    /// Makes the file at `target` by `make`, which writes a temporary file beside it; the
    /// temporary file is renamed over the target when `make` succeeds and removed when it fails.
    @discardableResult
    static func produce<Result>(_ target: URL, _ make: (URL) throws -> Result) throws(PipelineError) -> Result {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw PipelineError(.unusableInput, "\(target.path): cannot write: no folder \(folder.path)")
        }
        do {
            let result = try make(temporary)
            // rename(2) replaces the target in one step: readers see the old file or the new one.
            guard rename(temporary.path, target.path) == 0 else {
                throw PipelineError(.unusableInput, "\(target.path): cannot write: \(String(cString: strerror(errno)))")
            }
            return result
        } catch let error as PipelineError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            // Foundation's errors say themselves in localizedDescription; ours (HDF5Error...) in
            // description, where localizedDescription only names the type.
            let reason = error is CocoaError ? error.localizedDescription : String(describing: error)
            throw PipelineError(.unusableInput, "\(target.path): cannot write: \(reason)")
        }
    }

    /// Streams a file into a temporary file beside `target`, renamed over it only when `produce`
    /// returns; on any failure the temporary file is removed and the target is untouched.
    static func stream<Result>(
        to target: URL, _ produce: (StreamingFile) throws(PipelineError) -> Result
    ) throws(PipelineError) -> Result {
        try self.produce(target) { temporary in
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw PipelineError(.unusableInput, "\(target.path): cannot write: \(String(cString: strerror(errno)))")
            }
            let file = StreamingFile(descriptor: descriptor)
            defer { file.abandon() }
            let result = try produce(file)
            try file.close()
            return result
        }
    }
}

/// An open file written front to back, with earlier bytes patched in place.
final class StreamingFile: ModelOutput {
    private var descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { abandon() }

    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + done, buffer.count - done)
                guard count > 0 else { throw StreamingFileError(errno: errno) }
                done += count
            }
        }
    }

    func overwrite(at offset: Int, with bytes: [UInt8]) throws {
        let count = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == bytes.count else { throw StreamingFileError(errno: errno) }
    }

    func close() throws(PipelineError) {
        let status = systemClose(descriptor)
        descriptor = -1
        guard status == 0 else {
            throw PipelineError(.unusableInput, "cannot write: \(StreamingFileError(errno: errno))")
        }
    }

    /// Closes without reporting: the file is about to be removed.
    func abandon() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
    }
}

struct StreamingFileError: Error, CustomStringConvertible {
    var errno: Int32
    var description: String { String(cString: strerror(errno)) }
}

// StreamingFile's own `close()` hides the C library's inside it: these name the platform's.
#if canImport(Glibc)
    private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        Glibc.write(descriptor, bytes, count)
    }
    private func systemClose(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
#elseif canImport(Darwin)
    private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        Darwin.write(descriptor, bytes, count)
    }
    private func systemClose(_ descriptor: Int32) -> Int32 { Darwin.close(descriptor) }
#endif
