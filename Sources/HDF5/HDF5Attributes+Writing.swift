internal import CHDF5
import Foundation

extension HDF5Attributes {
    /// Writes `attribute`, replacing any attribute of the same name.
    ///
    /// The element type says how: variable-length strings (as h5py writes `str`, UTF-8),
    /// fixed-length strings (as h5py writes numpy `S` arrays: ASCII, null-padded, as wide as the
    /// longest), 64-bit integers or floats of the given width. An empty shape writes a scalar;
    /// a shape `[0]` an empty array (h5py's `np.array([])`, what Keras writes as the
    /// `weight_names` of a layer without weights).
    ///
    /// - Throws: ``HDF5Error`` `.writeFailed` when the file is read-only or libhdf5 refuses;
    ///   `.unsupportedType` for a value that does not fit its element type.
    public func write(_ attribute: HDF5Attribute) throws {
        let count = attribute.shape.reduce(1, *)
        let valueCount: Int
        switch attribute.value {
        case .strings(let strings): valueCount = strings.count
        case .integers(let numbers): valueCount = numbers.count
        case .floats(let numbers): valueCount = numbers.count
        }
        guard valueCount == count else {
            throw HDF5Error(
                .unsupportedType, file: file.path, object: objectPath,
                message: "attribute '\(attribute.name)': \(valueCount) values for shape \(attribute.shape)")
        }
        try HDF5Library.sync {
            try deleteIfPresent(attribute.name)
            let space = try makeSpace(attribute.shape)
            defer { H5Sclose(space) }
            switch (attribute.value, attribute.elementType) {
            case (.strings(let strings), .string(let variableLength)):
                try writeStrings(attribute.name, strings, variableLength: variableLength, space: space)
            case (.integers(let numbers), _):
                try writeNumbers(
                    attribute.name, numbers, fileType: dl_std_i64le(), memoryType: dl_native_int64(), space)
            case (.floats(let numbers), .float(bits: 32)):
                try writeNumbers(
                    attribute.name, numbers.map(Float.init), fileType: dl_ieee_f32le(), memoryType: dl_native_float(),
                    space)
            case (.floats(let numbers), _):
                try writeNumbers(
                    attribute.name, numbers, fileType: dl_ieee_f64le(), memoryType: dl_native_double(), space)
            case (.strings, _):
                throw HDF5Error(
                    .unsupportedType, file: file.path, object: objectPath,
                    message: "attribute '\(attribute.name)': strings need a string element type")
            }
        }
    }

    /// Removes the attribute `name`; nothing happens when there is none.
    public func delete(_ name: String) throws {
        try HDF5Library.sync { try deleteIfPresent(name) }
    }

    private func deleteIfPresent(_ name: String) throws {
        let found = H5Aexists(owner.id, name)
        guard found >= 0 else { throw writeFailure("cannot look up attribute '\(name)'") }
        if found > 0, H5Adelete(owner.id, name) < 0 {
            throw writeFailure("cannot delete attribute '\(name)'")
        }
    }

    private func makeSpace(_ shape: [Int]) throws -> hid_t {
        let space: hid_t
        if shape.isEmpty {
            space = H5Screate(H5S_SCALAR)
        } else {
            var dims = shape.map { hsize_t($0) }
            space = H5Screate_simple(Int32(dims.count), &dims, nil)
        }
        guard space >= 0 else { throw writeFailure("cannot make a dataspace of shape \(shape)") }
        return space
    }

    private func writeStrings(_ name: String, _ strings: [String], variableLength: Bool, space: hid_t) throws {
        let type = H5Tcopy(dl_c_s1())
        defer { H5Tclose(type) }
        let fixedWidth = max(1, strings.map(\.utf8.count).max() ?? 1)
        if variableLength {
            H5Tset_size(type, dl_variable_size())
            H5Tset_cset(type, H5T_CSET_UTF8)
        } else {
            H5Tset_size(type, fixedWidth)
            H5Tset_strpad(type, H5T_STR_NULLPAD)
            H5Tset_cset(type, H5T_CSET_ASCII)
        }
        let attribute = H5Acreate2(owner.id, name, type, space, dl_h5p_default(), dl_h5p_default())
        guard attribute >= 0 else { throw writeFailure("cannot create attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        let status: herr_t
        if variableLength {
            // The C strings must outlive the write, so they are copied out by strdup and freed after.
            let pointers = strings.map { strdup($0) }
            defer { for pointer in pointers { free(pointer) } }
            var array = pointers.map { UnsafePointer<CChar>($0) }
            status = array.withUnsafeMutableBytes { H5Awrite(attribute, type, $0.baseAddress!) }
        } else {
            var bytes = [UInt8](repeating: 0, count: max(1, strings.count * fixedWidth))
            for (index, string) in strings.enumerated() {
                for (offset, byte) in string.utf8.enumerated() { bytes[index * fixedWidth + offset] = byte }
            }
            status = bytes.withUnsafeMutableBytes { H5Awrite(attribute, type, $0.baseAddress!) }
        }
        guard status >= 0 else { throw writeFailure("cannot write attribute '\(name)'") }
    }

    private func writeNumbers<T>(_ name: String, _ numbers: [T], fileType: hid_t, memoryType: hid_t, _ space: hid_t)
        throws
    {
        let attribute = H5Acreate2(owner.id, name, fileType, space, dl_h5p_default(), dl_h5p_default())
        guard attribute >= 0 else { throw writeFailure("cannot create attribute '\(name)'") }
        defer { H5Aclose(attribute) }
        guard !numbers.isEmpty else { return }
        var values = numbers
        guard values.withUnsafeMutableBytes({ H5Awrite(attribute, memoryType, $0.baseAddress!) }) >= 0 else {
            throw writeFailure("cannot write attribute '\(name)'")
        }
    }

    private func writeFailure(_ message: String) -> HDF5Error {
        HDF5Error(
            .writeFailed, file: file.path, object: objectPath, message: message,
            libraryMessages: HDF5Library.takeErrorMessages())
    }
}
