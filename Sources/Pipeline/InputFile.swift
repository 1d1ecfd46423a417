import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a model file can be opened at all, told apart from a file that opens but is not a model.
enum InputFile {
    /// Why `path` cannot be opened for reading (missing, a dangling symbolic link, a folder, no
    /// permission), as one line naming the file; nil when it opens.
    static func openingProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            var link = stat()
            if code == ENOENT && lstat(path, &link) == 0 {
                return "\(path): cannot open: a dangling symbolic link (its target does not exist)"
            }
            return "\(path): cannot open: \(String(cString: strerror(code)))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return "\(path): cannot open: it is a folder"
        // Opening a FIFO with no writer blocks forever; a device may never end.
        case S_IFIFO: return "\(path): cannot open: it is a FIFO (named pipe), not a regular file"
        case S_IFCHR, S_IFBLK: return "\(path): cannot open: it is a device, not a regular file"
        default: return "\(path): cannot open: it is not a regular file"
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "\(path): cannot open: \(String(cString: strerror(errno)))" }
        close(descriptor)
        return nil
    }
}
