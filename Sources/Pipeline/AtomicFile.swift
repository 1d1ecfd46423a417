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
}
