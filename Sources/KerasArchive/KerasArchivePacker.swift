import Foundation
import ZIPFoundation

/// Packs a `.keras` archive as Keras 3 writes it: `metadata.json`, `config.json`,
/// `model.weights.h5` and any `assets/` files, stored uncompressed, with a fixed date so that the same model gives the
/// same bytes.
public enum KerasArchivePacker {
    /// Writes the archive `destination` (a new file) from the config text, the metadata text and
    /// the weights file at `weightsFile`, which it reads in chunks, and `assets` (full member names).
    ///
    /// - Throws: ``KerasArchiveError`` `.damaged` naming the member that could not be written.
    public static func pack(
        config: String, metadata: String, weightsFile: String, assets: [(name: String, data: Data)] = [],
        to destination: String
    ) throws(KerasArchiveError) {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: destination), accessMode: .create)
        } catch {
            throw KerasArchiveError(.damaged, file: destination, message: "cannot create the archive: \(error)")
        }
        try add(Data(metadata.utf8), as: KerasArchive.metadataMember, to: archive, file: destination)
        try add(Data(config.utf8), as: KerasArchive.configMember, to: archive, file: destination)
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: weightsFile))
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            try archive.addEntry(
                with: KerasArchive.weightsMember, type: .file, uncompressedSize: Int64(size), modificationDate: date,
                permissions: 0o644, bufferSize: 1 << 20
            ) { position, count in
                try handle.seek(toOffset: UInt64(position))
                return try handle.read(upToCount: count) ?? Data()
            }
        } catch {
            throw KerasArchiveError(
                .damaged, file: destination, member: KerasArchive.weightsMember, message: "cannot be written: \(error)")
        }
        for asset in assets { try add(asset.data, as: asset.name, to: archive, file: destination) }
    }

    private static func add(_ data: Data, as member: String, to archive: Archive, file: String)
        throws(KerasArchiveError)
    {
        do {
            try archive.addEntry(
                with: member, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                permissions: 0o644
            ) { position, count in
                data.subdata(in: Int(position)..<Int(position) + count)
            }
        } catch {
            throw KerasArchiveError(.damaged, file: file, member: member, message: "cannot be written: \(error)")
        }
    }

    /// 1 January 2024, the date every member is stamped with.
    private static let date = Date(timeIntervalSince1970: 1_704_067_200)
}
