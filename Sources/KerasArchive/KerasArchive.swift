import Foundation
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Keras 3 `.keras` model archive read into memory: the zip's members are checked from its
/// central directory before any is inflated, and the three Keras reads (`config.json`,
/// `metadata.json`, `model.weights.h5`) are inflated into memory, never onto the disk.
public struct KerasArchive: Sendable {
    /// The archive's path.
    public var file: String
    /// The text of `config.json` (the model's config, as `model_config` of an `.h5`).
    public var config: String
    /// The text of `metadata.json` (`keras_version`, `date_saved`), when the archive has one.
    public var metadata: String?
    /// The bytes of `model.weights.h5`, an HDF5 file image.
    public var weights: Data
    /// Every member's name, in the directory's order (`assets/...` among them).
    public var memberNames: [String]

    public static let configMember = "config.json"
    public static let metadataMember = "metadata.json"
    public static let weightsMember = "model.weights.h5"

    /// A quarter of the machine's memory: the inflated members are held in memory, and the HDF5
    /// library takes a copy of the weights image, in the reading child and again in the command.
    public static var defaultBudget: UInt64 { ProcessInfo.processInfo.physicalMemory / 4 }

    /// Whether `path` begins like a zip archive: how every command tells a `.keras` from an `.h5`
    /// whatever the file is called.
    /// Only a regular file is opened: opening a FIFO with no writer would wait for ever.
    public static func isArchive(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? nil
        return head.map { [UInt8]($0) } == [0x50, 0x4B, 0x03, 0x04]
            || head.map { [UInt8]($0) } == [0x50, 0x4B, 0x05, 0x06]
    }

    /// Reads the archive at `path`, inflating no more than `budget` bytes in all.
    ///
    /// - Throws: ``KerasArchiveError``: `.damaged` (not a zip, truncated, a damaged member),
    ///   `.notKeras` (a required member missing), `.refused` (a member escaping the archive, an
    ///   encrypted or split archive, a link, an unknown compression method), `.tooLarge` (the
    ///   members declare or inflate to more than `budget`).
    public static func read(_ path: String, budget: UInt64 = defaultBudget) throws(KerasArchiveError)
        -> KerasArchive
    {
        let reader = try ZipByteReader(path: path)
        defer { reader.close() }
        let directory = try ZipDirectory.read(reader)
        try ArchiveScreen.check(directory, file: path)
        let members = try ArchiveScreen.required(directory, file: path, budget: budget)
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw KerasArchiveError(.damaged, file: path, message: "not a readable zip archive (\(error))")
        }
        let config = try inflate(members.config, from: archive, file: path)
        let metadata = try members.metadata.map { entry throws(KerasArchiveError) in
            try inflate(entry, from: archive, file: path)
        }
        let weights = try inflate(members.weights, from: archive, file: path)
        return KerasArchive(
            file: path, config: try text(config, member: configMember, file: path),
            metadata: try metadata.map { data throws(KerasArchiveError) in
                try text(data, member: metadataMember, file: path)
            }, weights: weights, memberNames: directory.entries.map(\.name))
    }

    /// Inflates `declared` into memory, stopping as soon as it yields more than it declares.
    static func inflate(_ declared: ZipDirectory.Entry, from archive: Archive, file: String)
        throws(KerasArchiveError) -> Data
    {
        guard let entry = archive[declared.name] else {
            throw KerasArchiveError(
                .damaged, file: file, member: declared.name, message: "cannot be located in the zip")
        }
        let limit = declared.uncompressedSize
        var data = Data()
        data.reserveCapacity(Int(limit))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 1 << 16) { chunk in
                guard UInt64(data.count) + UInt64(chunk.count) <= limit else { throw InflatedPastDeclared() }
                data.append(chunk)
            }
        } catch is InflatedPastDeclared {
            throw KerasArchiveError(
                .tooLarge, file: file, member: declared.name,
                message: "inflates past the \(limit) bytes it declares: refused (a zip bomb)")
        } catch {
            let reason =
                (error as? Archive.ArchiveError) == .invalidCRC32
                ? "fails its checksum: the member is damaged" : "cannot be inflated: damaged (\(error))"
            throw KerasArchiveError(.damaged, file: file, member: declared.name, message: reason)
        }
        guard checksum == entry.checksum else {
            throw KerasArchiveError(
                .damaged, file: file, member: declared.name, message: "fails its checksum: the member is damaged")
        }
        guard UInt64(data.count) == limit else {
            throw KerasArchiveError(
                .damaged, file: file, member: declared.name,
                message: "inflates to \(data.count) bytes but declares \(limit): the archive is truncated or damaged")
        }
        return data
    }

    private static func text(_ data: Data, member: String, file: String) throws(KerasArchiveError) -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw KerasArchiveError(.damaged, file: file, member: member, message: "is not UTF-8 text")
        }
        return text
    }

    private struct InflatedPastDeclared: Error {}
}
