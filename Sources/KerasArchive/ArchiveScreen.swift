/// The checks of a `.keras` archive's directory made before any member is inflated.
enum ArchiveScreen {
    /// The members Keras reads.
    struct Members {
        var config: ZipDirectory.Entry
        var metadata: ZipDirectory.Entry?
        var weights: ZipDirectory.Entry
    }

    /// Refuses a split archive and any member that escapes it, is encrypted, is a link or is
    /// compressed by a method other than store and deflate.
    static func check(_ directory: ZipDirectory, file: String) throws(KerasArchiveError) {
        if directory.disk != 0 || directory.directoryDisk != 0 || directory.entries.contains(where: { $0.disk != 0 }) {
            throw KerasArchiveError(
                .refused, file: file,
                message: "a split (multi-disk) zip archive: only a single-file archive is read; join its parts")
        }
        var seen: Set<String> = []
        for entry in directory.entries {
            if escapes(entry.name) {
                throw KerasArchiveError(
                    .refused, file: file, member: entry.name,
                    message: "escapes the archive (an absolute path, '..' or a backslash): refused")
            }
            if entry.isEncrypted {
                throw KerasArchiveError(
                    .refused, file: file, member: entry.name,
                    message: "is encrypted: Keras never encrypts its archives; refused")
            }
            if entry.isSymbolicLink {
                throw KerasArchiveError(
                    .refused, file: file, member: entry.name, message: "is a symbolic link: refused")
            }
            if entry.method != 0 && entry.method != 8 {
                throw KerasArchiveError(
                    .refused, file: file, member: entry.name,
                    message: "is compressed with method \(entry.method); only stored and deflate members are read")
            }
            if let problem = impossibleSize(entry) {
                throw KerasArchiveError(.tooLarge, file: file, member: entry.name, message: problem)
            }
            if !seen.insert(entry.name).inserted {
                throw KerasArchiveError(
                    .refused, file: file, member: entry.name, message: "appears twice in the archive: refused")
            }
        }
    }

    /// The members Keras reads, their declared sizes held against `budget`.
    static func required(_ directory: ZipDirectory, file: String, budget: UInt64) throws(KerasArchiveError)
        -> Members
    {
        func member(_ name: String) -> ZipDirectory.Entry? { directory.entries.first { $0.name == name } }
        let config = member(KerasArchive.configMember)
        let weights = member(KerasArchive.weightsMember)
        guard config != nil || weights != nil else {
            throw KerasArchiveError(
                .notKeras, file: file,
                message: "a zip archive but not a Keras model: no config.json and no model.weights.h5")
        }
        for (name, entry) in [(KerasArchive.configMember, config), (KerasArchive.weightsMember, weights)]
        where entry == nil {
            throw KerasArchiveError(
                .notKeras, file: file, member: name,
                message: "is missing: a Keras archive holds config.json, metadata.json and model.weights.h5")
        }
        guard let config, let weights else { throw KerasArchiveError(.notKeras, file: file, message: "incomplete") }
        let metadata = member(KerasArchive.metadataMember)
        try withinBudget([config, weights] + (metadata.map { [$0] } ?? []), file: file, budget: budget)
        return Members(config: config, metadata: metadata, weights: weights)
    }

    /// Refuses `entries` whose declared sizes add up past `budget` (`of` names what they are).
    static func withinBudget(_ entries: [ZipDirectory.Entry], file: String, budget: UInt64, of what: String = "")
        throws(KerasArchiveError)
    {
        var total: UInt64 = 0
        for entry in entries {
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            guard !overflow, sum <= budget else {
                throw KerasArchiveError(
                    .tooLarge, file: file, member: entry.name,
                    message: "declares \(entry.uncompressedSize) bytes uncompressed, past the memory budget of "
                        + "\(budget) bytes\(what): refused (a zip bomb?)")
            }
            total = sum
        }
    }

    /// Why the sizes `entry` declares cannot be true, checked before inflating: a stored member
    /// is as long as it is stored, and deflate expands by at most 1032 to 1.
    static func impossibleSize(_ entry: ZipDirectory.Entry) -> String? {
        if entry.method == 0, entry.uncompressedSize != entry.compressedSize {
            return "declares \(entry.uncompressedSize) bytes but stores \(entry.compressedSize) uncompressed: refused"
        }
        let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
        if entry.method == 8, !overflow, entry.uncompressedSize > limit + 1024 {
            return
                "declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) deflated, more than deflate can "
                + "expand to: refused (a zip bomb)"
        }
        return nil
    }

    /// Whether a member's path leaves the folder it would be unpacked into.
    static func escapes(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.contains("\\") || name.contains("\0") { return true }
        if name.count >= 2, name.dropFirst().first == ":" { return true }
        return name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }
}
