import Foundation

/// Writes a file whole or not at all: into a temporary file beside the target, then renamed over it.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to target: URL) throws(PipelineError) {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try Data(bytes).write(to: temporary)
            // rename(2) replaces the target in one step: readers see the old file or the new one.
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PipelineError(.unusableInput, "\(target.path): cannot write: \(error.localizedDescription)")
        }
    }

    /// Makes the file at `target` by `make`, which writes a temporary file beside it; the
    /// temporary file is renamed over the target when `make` succeeds and removed when it fails.
    static func produce(_ target: URL, _ make: (URL) throws -> Void) throws(PipelineError) {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw PipelineError(.unusableInput, "\(target.path): cannot write: no folder \(folder.path)")
        }
        do {
            try make(temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        } catch let error as PipelineError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PipelineError(.unusableInput, "\(target.path): cannot write: \(error)")
        }
    }
}
