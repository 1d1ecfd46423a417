internal import CHDF5

/// What a link inside a group points to.
public enum HDF5ObjectKind: Sendable, Equatable {
    case group
    case dataset
    case other
}

/// A group of an open HDF5 file.
public final class HDF5Group: Sendable {
    public let file: HDF5File
    /// The absolute path of the group inside the file.
    public let path: String
    let handle: HDF5Handle

    private init(file: HDF5File, path: String, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    static func open(in file: HDF5File, parent: HDF5Handle, name: String, path: String) throws -> HDF5Group {
        try HDF5Library.sync {
            let id = H5Gopen2(parent.id, name, dl_h5p_default())
            guard id >= 0 else {
                let messages = HDF5Library.takeErrorMessages()
                throw HDF5Error(
                    .missingObject, file: file.path, object: path, message: "no group '\(path)'",
                    libraryMessages: messages)
            }
            return HDF5Group(file: file, path: path, handle: HDF5Handle(id, close: { H5Gclose($0) }))
        }
    }

    /// The attributes attached to this group.
    public var attributes: HDF5Attributes {
        HDF5Attributes(file: file, objectPath: path, owner: handle)
    }

    /// The names of the links in this group, in name order.
    public func childNames() throws -> [String] {
        try HDF5Library.sync {
            var info = H5G_info_t()
            guard H5Gget_info(handle.id, &info) >= 0 else {
                throw failure(.readFailed, "cannot list the group")
            }
            var names: [String] = []
            names.reserveCapacity(Int(info.nlinks))
            for index in 0..<info.nlinks {
                let length = H5Lget_name_by_idx(
                    handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, dl_h5p_default())
                guard length >= 0 else { throw failure(.readFailed, "cannot read link #\(index)") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                _ = H5Lget_name_by_idx(
                    handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, dl_h5p_default())
                names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    /// What `name` (a child name or a relative path) refers to, or `nil` when nothing is there.
    public func kind(of name: String) -> HDF5ObjectKind? {
        HDF5Library.sync {
            guard exists(name) else { return nil }
            let id = H5Oopen(handle.id, name, dl_h5p_default())
            guard id >= 0 else {
                _ = HDF5Library.takeErrorMessages()
                return nil
            }
            defer { H5Oclose(id) }
            switch H5Iget_type(id) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// Opens the group at the relative path `name`.
    public func group(_ name: String) throws -> HDF5Group {
        guard kind(of: name) == .group else {
            throw HDF5Error(
                .missingObject, file: file.path, object: childPath(name), message: "no group '\(childPath(name))'")
        }
        return try HDF5Group.open(in: file, parent: handle, name: name, path: childPath(name))
    }

    /// Opens the dataset at the relative path `name`.
    ///
    /// The path is walked once: the object opened, its type checked and kept open as the
    /// dataset (models read hundreds of weights this way).
    public func dataset(_ name: String) throws -> HDF5Dataset {
        try HDF5Library.sync {
            let missing = HDF5Error(
                .missingObject, file: file.path, object: childPath(name), message: "no dataset '\(childPath(name))'")
            guard !name.isEmpty else { throw missing }
            let id = H5Oopen(handle.id, name, dl_h5p_default())
            guard id >= 0 else {
                _ = HDF5Library.takeErrorMessages()
                throw missing
            }
            guard H5Iget_type(id) == H5I_DATASET else {
                H5Oclose(id)
                throw missing
            }
            return try HDF5Dataset.adopting(id, in: file, path: childPath(name))
        }
    }

    /// Whether every link along the relative path `name` exists (no HDF5 error for missing parts).
    private func exists(_ name: String) -> Bool {
        var prefix = ""
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(part) : "/\(part)"
            let found = H5Lexists(handle.id, prefix, dl_h5p_default())
            if found <= 0 {
                _ = HDF5Library.takeErrorMessages()
                return false
            }
        }
        return !prefix.isEmpty
    }

    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/\(name)" : "\(path)/\(name)"
    }

    private func failure(_ code: HDF5Error.Code, _ message: String) -> HDF5Error {
        HDF5Error(
            code, file: file.path, object: path, message: message, libraryMessages: HDF5Library.takeErrorMessages())
    }
}
