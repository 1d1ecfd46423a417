import Foundation

/// Reads byte ranges of an archive file for ``ZipDirectory``, refusing ranges past its end.
struct ZipByteReader {
    let path: String
    let size: UInt64
    private let handle: FileHandle

    init(path: String) throws(KerasArchiveError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KerasArchiveError(.damaged, file: path, message: "cannot open the archive")
        }
        self.handle = handle
        do {
            size = try handle.seekToEnd()
        } catch {
            throw KerasArchiveError(.damaged, file: path, message: "cannot read the archive: \(error)")
        }
    }

    /// Whether the file begins with a zip local header (`PK\u{3}\u{4}`).
    var startsLikeZip: Bool {
        (try? bytes(at: 0, count: 4)) == [0x50, 0x4B, 0x03, 0x04]
    }

    func bytes(at offset: UInt64, count: Int) throws(KerasArchiveError) -> [UInt8] {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else {
            throw damaged("a record lies past the end of the file (it is truncated)")
        }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw damaged("the file ended early (it is truncated)") }
            return [UInt8](data)
        } catch let error as KerasArchiveError {
            throw error
        } catch {
            throw damaged("cannot read the archive: \(error)")
        }
    }

    func damaged(_ message: String) -> KerasArchiveError {
        KerasArchiveError(.damaged, file: path, message: message)
    }

    func close() {
        try? handle.close()
    }
}
