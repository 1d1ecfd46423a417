internal import CHDF5
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HDF5 file opened read-only, or read-write with ``openForUpdate(_:)``.
///
/// The file stays open while any group, dataset or attribute view obtained from it is alive.
public final class HDF5File: Sendable {
    /// The path the file was opened from.
    public let path: String
    let handle: HDF5Handle

    init(path: String, handle: HDF5Handle) {
        self.path = path
        self.handle = handle
    }

    /// Opens `path` read-only.
    ///
    /// - Throws: ``HDF5Error`` with code `.notAFile` for a missing path or a directory, `.notHDF5`
    ///   when the file lacks the HDF5 signature (empty and text files among them), `.openFailed`
    ///   with libhdf5's explanation otherwise (a truncated file, say), `.refused` for a file that
    ///   points into other files or declares data it does not store (``HDF5ContainmentAudit``).
    public static func open(_ path: String) throws -> HDF5File {
        try open(path, access: dl_h5f_acc_rdonly())
    }

    /// Opens the existing file `path` for reading and writing: the groups, datasets and
    /// attributes reached from it can then be changed (see `HDF5Group+Writing.swift`).
    ///
    /// - Throws: ``HDF5Error`` as ``open(_:)`` does; `.openFailed` also for a file that cannot
    ///   be written.
    public static func openForUpdate(_ path: String) throws -> HDF5File {
        try open(path, access: dl_h5f_acc_rdwr())
    }

    private static func open(_ path: String, access: UInt32) throws -> HDF5File {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw HDF5Error(.notAFile, file: path, message: "no such file")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw HDF5Error(.notAFile, file: path, message: "is a directory, not a file")
        // Opening a FIFO or a device could block forever or read without end.
        case S_IFIFO: throw HDF5Error(.notAFile, file: path, message: "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw HDF5Error(.notAFile, file: path, message: "is a device, not a regular file")
        default: throw HDF5Error(.notAFile, file: path, message: "is not a regular file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw HDF5Error(.notAFile, file: path, message: "file is not readable")
        }
        return try HDF5Library.sync {
            let signature = H5Fis_hdf5(path)
            if signature == 0 {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                let detail = size == 0 ? "the file is empty" : "no HDF5 signature found"
                _ = HDF5Library.takeErrorMessages()
                throw HDF5Error(.notHDF5, file: path, message: "not an HDF5 file (\(detail))")
            }
            let id = HDF5Library.withUnlockedAccess { H5Fopen(path, access, $0) }
            guard id >= 0 else {
                let messages = HDF5Library.takeErrorMessages()
                let reason = messages.first ?? "unknown reason"
                let hint = reason.contains("truncated") ? " (the file is truncated)" : ""
                throw HDF5Error(
                    .openFailed, file: path, message: "cannot open HDF5 file: \(reason)\(hint)",
                    libraryMessages: messages)
            }
            let handle = HDF5Handle(id, close: { H5Fclose($0) })
            try HDF5ContainmentAudit.check(id, path: path)
            return HDF5File(path: path, handle: handle)
        }
    }

    /// Writes everything changed so far to disk; the file stays open.
    public func flush() throws {
        try HDF5Library.sync {
            guard H5Fflush(handle.id, H5F_SCOPE_GLOBAL) >= 0 else {
                throw HDF5Error(
                    .writeFailed, file: path, message: "cannot flush the file",
                    libraryMessages: HDF5Library.takeErrorMessages())
            }
        }
    }

    /// The root group `/`.
    public var root: HDF5Group {
        get throws { try HDF5Group.open(in: self, parent: handle, name: "/", path: "/") }
    }
}
