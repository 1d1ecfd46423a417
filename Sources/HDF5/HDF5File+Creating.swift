internal import CHDF5

extension HDF5File {
    /// Creates the new file `path` (replacing any file there) for writing: the `.keras` writer's
    /// `model.weights.h5`, built beside the archive before it is packed.
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when libhdf5 cannot create it.
    public static func create(_ path: String) throws -> HDF5File {
        try HDF5Library.sync {
            let id = H5Fcreate(path, dl_h5f_acc_trunc(), dl_h5p_default(), dl_h5p_default())
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
