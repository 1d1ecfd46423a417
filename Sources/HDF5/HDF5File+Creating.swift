internal import CHDF5

extension HDF5File {
    /// Creates the new file `path` (replacing any file there) for writing: the `.keras` writer's
    /// `model.weights.h5`, built beside the archive before it is packed.
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when libhdf5 cannot create it.
    public static func create(_ path: String) throws -> HDF5File {
        try HDF5Library.sync {
            let id = HDF5Library.withUnlockedAccess { H5Fcreate(path, dl_h5f_acc_trunc(), dl_h5p_default(), $0) }
            guard id >= 0 else {
                throw HDF5Error(
                    .writeFailed, file: path, message: "cannot create the HDF5 file",
                    libraryMessages: HDF5Library.takeErrorMessages())
            }
            return HDF5File(path: path, handle: HDF5Handle(id, close: { H5Fclose($0) }))
        }
    }
}

extension HDF5Group {
    /// Copies the object at the absolute `path` of `source` (another open file) into this group
    /// as `name`, bytes and type unchanged: how weights move between an `.h5` and a `.keras`.
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when the name is taken or libhdf5 refuses.
    public func copyObject(from source: HDF5File, path: String, as name: String) throws {
        try HDF5Library.sync {
            guard kind(of: name) == nil else {
                throw HDF5Error(
                    .writeFailed, file: file.path, object: childPath(name),
                    message: "cannot copy into '\(childPath(name))': the name is taken")
            }
            guard H5Ocopy(source.handle.id, path, handle.id, name, dl_h5p_default(), dl_h5p_default()) >= 0 else {
                throw HDF5Error(
                    .writeFailed, file: file.path, object: childPath(name),
                    message: "cannot copy \(path) of \(source.path)", libraryMessages: HDF5Library.takeErrorMessages())
            }
        }
    }
}

extension HDF5Library {
    /// Runs `body` with a file-access property list whose file locking is off. libhdf5 1.10.7 and
    /// later `flock` every file they open, and a lock belongs to the open file description: a
    /// child process started meanwhile (a bulk worker, the read probe) inherits the descriptor and
    /// keeps the lock, so reopening our own partial output failed with "unable to lock file"
    /// (seen once in the test suite, where conversions run in parallel). The process serializes
    /// its HDF5 calls and never shares a file being written, so the lock protects nothing here.
    /// Callers hold the library lock (``sync(_:)``). The property list is made once and kept: closing
    /// it after a failed open would clear the error stack the caller reads next.
    static func withUnlockedAccess(_ body: (hid_t) -> hid_t) -> hid_t {
        if unlockedAccess < 0 {
            let access = H5Pcreate(dl_h5p_file_access())
            if access >= 0 { H5Pset_file_locking(access, false, true) }
            unlockedAccess = access
        }
        return body(unlockedAccess >= 0 ? unlockedAccess : dl_h5p_default())
    }

    /// The file-access property list of ``withUnlockedAccess(_:)``, -1 until made.
    nonisolated(unsafe) private static var unlockedAccess: hid_t = -1
}
