import Foundation
import ZIPFoundation

extension KerasArchive {
    /// The prefix of the members layers save beside their variables (a lookup layer's vocabulary).
    public static let assetsPrefix = "assets/"

    /// The files under `assets/` of the archive at `path`, inflated into memory, in the directory's
    /// order: each name is relative to `assets/`. The archive is screened as ``read(_:budget:)``
    /// screens it, and the assets may declare and inflate to no more than `budget` bytes in all.
    public static func assets(of path: String, budget: UInt64 = defaultBudget) throws(KerasArchiveError)
        -> [(name: String, data: Data)]
    {
        let reader = try ZipByteReader(path: path)
        defer { reader.close() }
        let directory = try ZipDirectory.read(reader)
        try ArchiveScreen.check(directory, file: path)
        let entries = directory.entries.filter { $0.name.hasPrefix(assetsPrefix) && !$0.name.hasSuffix("/") }
        guard !entries.isEmpty else { return [] }
        try ArchiveScreen.withinBudget(entries, file: path, budget: budget, of: " for the assets")
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw KerasArchiveError(.damaged, file: path, message: "not a readable zip archive (\(error))")
        }
        var assets: [(name: String, data: Data)] = []
        for entry in entries {
            assets.append(
                (String(entry.name.dropFirst(assetsPrefix.count)), try inflate(entry, from: archive, file: path)))
        }
        return assets
    }
}
