import Foundation

/// The central directory of a zip file, read from its bytes before any member is inflated: what
/// ZIPFoundation does not tell (encryption flags, the disks of a split archive, the sizes each
/// entry declares) and what must be refused before a byte is inflated.
struct ZipDirectory {
    /// One central-directory entry, as declared.
    struct Entry: Equatable {
        var name: String
        var flags: UInt16
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var disk: UInt32
        /// Unix file type bits of the external attributes when the entry was made on Unix.
        var unixMode: UInt32?

        var isEncrypted: Bool { flags & 0x0001 != 0 || flags & 0x0040 != 0 || method == 99 }
        var isSymbolicLink: Bool { unixMode.map { $0 & 0o170000 == 0o120000 } ?? false }
    }

    var entries: [Entry]
    /// The disk holding the end record and the disk where the directory starts (both 0 unless split).
    var disk: UInt32
    var directoryDisk: UInt32

    /// The directory of the archive `reader` reads.
    /// - Throws: ``KerasArchiveError`` `.damaged` when the end record or the directory cannot be
    ///   found inside the file (a truncated or non-zip file).
    static func read(_ reader: ZipByteReader) throws(KerasArchiveError) -> ZipDirectory {
        let end = try EndRecord.find(reader)
        var entries: [Entry] = []
        var offset: UInt64 = 0
        let directoryEnd = end.directoryOffset + end.directorySize
        guard directoryEnd <= end.recordOffset else {
            throw reader.damaged("the central directory lies outside the file (it is truncated)")
        }
        let directory = try reader.bytes(at: end.directoryOffset, count: Int(end.directorySize))
        for _ in 0..<end.entryCount {
            let entry = try parseEntry(directory, at: &offset, reader: reader)
            entries.append(entry)
        }
        return ZipDirectory(entries: entries, disk: end.disk, directoryDisk: end.directoryDisk)
    }

    private static func parseEntry(_ data: [UInt8], at offset: inout UInt64, reader: ZipByteReader)
        throws(KerasArchiveError) -> Entry
    {
        let start = Int(offset)
        guard start + 46 <= data.count, data.uint32(at: start) == 0x0201_4b50 else {
            throw reader.damaged("the central directory is damaged or truncated")
        }
        let nameLength = Int(data.uint16(at: start + 28))
        let extraLength = Int(data.uint16(at: start + 30))
        let commentLength = Int(data.uint16(at: start + 32))
        let nameStart = start + 46
        let extraStart = nameStart + nameLength
        let next = extraStart + extraLength + commentLength
        guard next <= data.count else { throw reader.damaged("the central directory is damaged or truncated") }
        let nameBytes = Array(data[nameStart..<extraStart])
        let name = String(decoding: nameBytes, as: UTF8.self)
        let madeBy = data.uint16(at: start + 4) >> 8
        let attributes = data.uint32(at: start + 38)
        var entry = Entry(
            name: name, flags: data.uint16(at: start + 8), method: data.uint16(at: start + 10),
            compressedSize: UInt64(data.uint32(at: start + 20)), uncompressedSize: UInt64(data.uint32(at: start + 24)),
            disk: UInt32(data.uint16(at: start + 34)), unixMode: madeBy == 3 || madeBy == 19 ? attributes >> 16 : nil)
        if nameBytes.contains(0) { entry.name = name.replacingOccurrences(of: "\0", with: "\\0") }
        applyZip64(Array(data[extraStart..<(extraStart + extraLength)]), to: &entry)
        offset = UInt64(next)
        return entry
    }

    /// Replaces the sizes and disk saturated at 0xFFFF... by those of the ZIP64 extra field.
    private static func applyZip64(_ extra: [UInt8], to entry: inout Entry) {
        var position = 0
        while position + 4 <= extra.count {
            let id = extra.uint16(at: position)
            let size = Int(extra.uint16(at: position + 2))
            let body = position + 4
            guard body + size <= extra.count else { return }
            if id == 0x0001 {
                var field = body
                if entry.uncompressedSize == 0xFFFF_FFFF, field + 8 <= body + size {
                    entry.uncompressedSize = extra.uint64(at: field)
                    field += 8
                }
                if entry.compressedSize == 0xFFFF_FFFF, field + 8 <= body + size {
                    entry.compressedSize = extra.uint64(at: field)
                    field += 8
                }
                return
            }
            position = body + size
        }
    }
}

/// The end-of-central-directory record (and its ZIP64 form where the first saturates).
struct EndRecord {
    var recordOffset: UInt64
    var disk: UInt32
    var directoryDisk: UInt32
    var entryCount: UInt64
    var directorySize: UInt64
    var directoryOffset: UInt64

    /// Looks for the record in the last 64 KB + 22 bytes, where the zip format puts it.
    static func find(_ reader: ZipByteReader) throws(KerasArchiveError) -> EndRecord {
        let tailLength = Int(min(reader.size, 65_557))
        let tailStart = reader.size - UInt64(tailLength)
        let tail = try reader.bytes(at: tailStart, count: tailLength)
        var index = tail.count - 22
        while index >= 0, tail.uint32(at: index) != 0x0605_4b50 { index -= 1 }
        guard index >= 0 else {
            throw reader.damaged(
                reader.startsLikeZip
                    ? "no end-of-central-directory record: the zip archive is truncated"
                    : "not a zip archive (no end-of-central-directory record)")
        }
        var record = EndRecord(
            recordOffset: tailStart + UInt64(index), disk: UInt32(tail.uint16(at: index + 4)),
            directoryDisk: UInt32(tail.uint16(at: index + 6)), entryCount: UInt64(tail.uint16(at: index + 10)),
            directorySize: UInt64(tail.uint32(at: index + 12)), directoryOffset: UInt64(tail.uint32(at: index + 16)))
        if index >= 20, tail.uint32(at: index - 20) == 0x0706_4b50 {
            try record.readZip64(locator: tail.uint64(at: index - 20 + 8), reader)
        }
        return record
    }

    private mutating func readZip64(locator offset: UInt64, _ reader: ZipByteReader) throws(KerasArchiveError) {
        guard offset < recordOffset else { throw reader.damaged("the ZIP64 end record lies outside the file") }
        let record = try reader.bytes(at: offset, count: 56)
        guard record.uint32(at: 0) == 0x0606_4b50 else { throw reader.damaged("the ZIP64 end record is damaged") }
        disk = record.uint32(at: 16)
        directoryDisk = record.uint32(at: 20)
        entryCount = record.uint64(at: 32)
        directorySize = record.uint64(at: 40)
        directoryOffset = record.uint64(at: 48)
        recordOffset = offset
    }
}

extension [UInt8] {
    func uint16(at index: Int) -> UInt16 { UInt16(self[index]) | UInt16(self[index + 1]) << 8 }
    func uint32(at index: Int) -> UInt32 { UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16 }
    func uint64(at index: Int) -> UInt64 { UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32 }
}
