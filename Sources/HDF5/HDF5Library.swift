internal import CHDF5
import Foundation

/// The process-wide gate to libhdf5.
///
/// libhdf5 may be built without thread safety, so every call goes through one recursive lock. The first use initialises the library and turns off its habit of printing
/// error stacks to stderr: errors are collected and reported as ``HDF5Error`` instead.
enum HDF5Library {
    private static let lock: NSRecursiveLock = {
        let lock = NSRecursiveLock()
        lock.lock()
        // No library shutdown at exit: the process is ending anyway, and after a damaged file
        // libhdf5's own cleanup can crash in `exit`, turning a clean refusal into a signal.
        H5dont_atexit()
        H5open()
        H5Eset_auto2(dl_h5e_default(), nil, nil)
        lock.unlock()
        return lock
    }()

    /// Runs `body` while holding the HDF5 lock.
    static func sync<T>(_ body: () throws -> T) rethrows -> T {
        let lock = self.lock
        lock.lock()
        defer { lock.unlock() }
        // Thread-safe builds (Debian's) keep the error-printing switch per thread.
        H5Eset_auto2(dl_h5e_default(), nil, nil)
        return try body()
    }

    /// The messages on libhdf5's current error stack, most specific first; clears the stack.
    ///
    /// Must be called (under the lock) right after the failing call, before any other HDF5 call.
    static func takeErrorMessages() -> [String] {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        H5Ewalk2(
            dl_h5e_default(), H5E_WALK_UPWARD,
            { _, error, data in
                guard let error, let data, let desc = error.pointee.desc else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
                let text = String(cString: desc).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty, !collector.messages.contains(text) { collector.messages.append(text) }
                return 0
            }, context)
        H5Eclear2(dl_h5e_default())
        return collector.messages
    }
}

/// An open HDF5 identifier that is closed when the last reference goes away.
final class HDF5Handle: @unchecked Sendable {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        let id = self.id
        let close = self.close
        HDF5Library.sync { _ = close(id) }
    }
}
