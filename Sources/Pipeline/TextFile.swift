import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small text file the user named (a rule file, a `--function-source` file), read whole once it
/// is known to be a regular file of a sane size: a FIFO would block the read forever, a device or a
/// 100 MB file would never finish.
enum TextFile {
    /// The most bytes such a file may hold (the largest built-in rule file is 26 KB).
    static let maximumBytes = 1 << 20

    /// What is wrong with reading `path`.
    struct Problem: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The UTF-8 text of the regular file at `path`.
    /// - Throws: ``Problem`` saying why not: missing, a folder, a FIFO or device, over
    ///   ``maximumBytes``, unreadable, not UTF-8.
    static func read(_ path: String) throws(Problem) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Problem(message: "no such file") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Problem(message: "is a folder, not a file")
        case S_IFIFO: throw Problem(message: "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw Problem(message: "is a device, not a regular file")
        default: throw Problem(message: "is not a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw Problem(message: "is \(info.st_size) bytes, over the \(maximumBytes >> 20) MiB such a file may take")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(message: "cannot read it") }
        guard let text = String(data: data, encoding: .utf8) else { throw Problem(message: "is not UTF-8 text") }
        return text
    }
}
