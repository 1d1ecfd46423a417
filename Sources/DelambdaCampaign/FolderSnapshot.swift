import Foundation

/// Every file and folder under a case folder with the files' bytes, taken before and after a
/// run to find modified inputs and stray files.
struct FolderSnapshot: Sendable {
    /// Relative path to the file's bytes; `nil` for a folder (or anything not a regular file).
    var entries: [String: Data?]

    init(_ root: String) {
        entries = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return }
        while let relative = enumerator.nextObject() as? String {
            let path = root + "/" + relative
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            entries[relative] = isFolder.boolValue ? nil : FileManager.default.contents(atPath: path)
        }
    }

    var paths: Set<String> { Set(entries.keys) }
}
