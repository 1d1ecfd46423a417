internal import CHDF5

extension HDF5Group {
    /// Creates the group `name` (a child name) and opens it.
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when something is already called `name`, the file
    ///   is read-only, or libhdf5 refuses.
    public func createGroup(_ name: String) throws -> HDF5Group {
        try HDF5Library.sync {
            guard kind(of: name) == nil else {
                throw HDF5Error(
                    .writeFailed, file: file.path, object: childPath(name),
                    message: "cannot create group '\(childPath(name))': the name is taken")
            }
            let id = H5Gcreate2(handle.id, name, dl_h5p_default(), dl_group_creation_untimed(), dl_h5p_default())
            guard id >= 0 else { throw writeFailure("cannot create group '\(childPath(name))'") }
            H5Gclose(id)
            return try HDF5Group.open(in: file, parent: handle, name: name, path: childPath(name))
        }
    }

    /// Removes the link `name` (a child name) and with it the object when nothing else links to
    /// it. libhdf5 does not shrink the file: the space stays allocated but unreachable.
    ///
    /// - Throws: ``HDF5Error`` `.missingObject` when there is no such link, `.writeFailed`
    ///   when libhdf5 refuses.
    public func removeLink(_ name: String) throws {
        try HDF5Library.sync {
            guard kind(of: name) != nil else {
                throw HDF5Error(.missingObject, file: file.path, object: childPath(name), message: "no such link")
            }
            guard H5Ldelete(handle.id, name, dl_h5p_default()) >= 0 else {
                throw writeFailure("cannot remove '\(childPath(name))'")
            }
        }
    }

    /// Creates a float32 dataset `name` (a child name) holding `values` in row-major order.
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when the values do not fill `shape`, the name is
    ///   taken, or libhdf5 refuses.
    @discardableResult
    public func createDataset(_ name: String, shape: [Int], values: [Float]) throws -> HDF5Dataset {
        guard elementCount(shape) == values.count else {
            throw HDF5Error(
                .writeFailed, file: file.path, object: childPath(name),
                message: "\(values.count) values do not fill shape \(shape)")
        }
        return try HDF5Library.sync {
            guard kind(of: name) == nil else {
                throw HDF5Error(
                    .writeFailed, file: file.path, object: childPath(name),
                    message: "cannot create dataset '\(childPath(name))': the name is taken")
            }
            var dims = shape.map { hsize_t($0) }
            let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), &dims, nil)
            guard space >= 0 else { throw writeFailure("cannot make a dataspace of shape \(shape)") }
            defer { H5Sclose(space) }
            let id = H5Dcreate2(
                handle.id, name, dl_ieee_f32le(), space, dl_h5p_default(), dl_dataset_creation_untimed(),
                dl_h5p_default())
            guard id >= 0 else { throw writeFailure("cannot create dataset '\(childPath(name))'") }
            defer { H5Dclose(id) }
            if !values.isEmpty {
                var copy = values
                let status = copy.withUnsafeMutableBytes {
                    H5Dwrite(id, dl_native_float(), dl_h5s_all(), dl_h5s_all(), dl_h5p_default(), $0.baseAddress!)
                }
                guard status >= 0 else { throw writeFailure("cannot write dataset '\(childPath(name))'") }
            }
            return try HDF5Dataset.open(in: file, parent: handle, name: name, path: childPath(name))
        }
    }

    private func writeFailure(_ message: String) -> HDF5Error {
        HDF5Error(
            .writeFailed, file: file.path, object: path, message: message,
            libraryMessages: HDF5Library.takeErrorMessages())
    }
}
