internal import CHDF5

/// The attributes of one group or dataset.
public struct HDF5Attributes: Sendable {
    let file: HDF5File
    let objectPath: String
    let owner: HDF5Handle

    /// The attribute names, in the order libhdf5 lists them.
    public func names() throws -> [String] {
        try HDF5Library.sync {
            let count = dl_num_attrs(owner.id)
            guard count >= 0 else { throw failure(.readFailed, "cannot count attributes") }
            return try (0..<count).map { index in
                let length = H5Aget_name_by_idx(
                    owner.id, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), nil, 0, dl_h5p_default())
                guard length >= 0 else { throw failure(.readFailed, "cannot read attribute name #\(index)") }
                var buffer = [CChar](repeating: 0, count: length + 1)
                _ = H5Aget_name_by_idx(
                    owner.id, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), &buffer, buffer.count,
                    dl_h5p_default())
                return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// Whether an attribute called `name` exists.
    public func contains(_ name: String) -> Bool {
        HDF5Library.sync {
            let found = H5Aexists(owner.id, name)
            if found < 0 { _ = HDF5Library.takeErrorMessages() }
            return found > 0
        }
    }

    /// Reads the attribute `name`, or returns `nil` when there is none.
    ///
    /// - Throws: ``HDF5Error`` `.unsupportedType` for element types other than strings, integers
    ///   and floats; `.readFailed` when libhdf5 cannot read it.
    public func read(_ name: String) throws -> HDF5Attribute? {
        guard contains(name) else { return nil }
        return try HDF5Library.sync {
            let attribute = H5Aopen(owner.id, name, dl_h5p_default())
            guard attribute >= 0 else { throw failure(.readFailed, "cannot open attribute '\(name)'") }
            defer { H5Aclose(attribute) }
            let fileType = H5Aget_type(attribute)
            defer { H5Tclose(fileType) }
            let space = H5Aget_space(attribute)
            defer { H5Sclose(space) }
            guard let shape = dimensions(ofSpace: space), let count = elementCount(shape) else {
                throw failure(.readFailed, "attribute '\(name)' has an unreadable shape")
            }
            let type = HDF5ElementType(typeID: fileType)
            let value: HDF5Attribute.Value
            switch type {
            case .string:
                guard
                    let strings = HDF5StringReader.read(
                        count: count, fileType: fileType, space: space,
                        read: { H5Aread(attribute, $0, $1) })
                else { throw failure(.readFailed, "cannot read string attribute '\(name)'") }
                value = .strings(strings)
            case .integer:
                var numbers = [Int64](repeating: 0, count: max(count, 1))
                guard numbers.withUnsafeMutableBytes({ H5Aread(attribute, dl_native_int64(), $0.baseAddress!) }) >= 0
                else { throw failure(.readFailed, "cannot read integer attribute '\(name)'") }
                value = .integers(Array(numbers.prefix(count)))
            case .float:
                var numbers = [Double](repeating: 0, count: max(count, 1))
                guard numbers.withUnsafeMutableBytes({ H5Aread(attribute, dl_native_double(), $0.baseAddress!) }) >= 0
                else { throw failure(.readFailed, "cannot read float attribute '\(name)'") }
                value = .floats(Array(numbers.prefix(count)))
            case .other(let kind):
                throw HDF5Error(
                    .unsupportedType, file: file.path, object: objectPath,
                    message: "attribute '\(name)' has unsupported type \(kind)")
            }
            return HDF5Attribute(name: name, shape: shape, elementType: type, value: value)
        }
    }

    private func failure(_ code: HDF5Error.Code, _ message: String) -> HDF5Error {
        HDF5Error(
            code, file: file.path, object: objectPath, message: message,
            libraryMessages: HDF5Library.takeErrorMessages())
    }
}
