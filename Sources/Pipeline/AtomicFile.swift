import Foundation

/// Writes a file whole or not at all: into a temporary file beside the target, then renamed over it.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to target: URL) throws(PipelineError) {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try Data(bytes).write(to: temporary)
            if FileManager.default.fileExists(atPath: target.path) {
                _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: target)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PipelineError(.unusableInput, "\(target.path): cannot write: \(error.localizedDescription)")
        }
    }
}
