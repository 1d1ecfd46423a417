internal import CHDF5

/// A dataset of an open HDF5 file: its shape and element type, and reads of all or part of it.
///
/// Reads go through libhdf5's type conversion, so float16 and float64 weights arrive as `Float`.
/// Large tensors can be streamed block by block along their first dimension.
public final class HDF5Dataset: Sendable {
    public let file: HDF5File
    /// The absolute path of the dataset inside the file.
    public let path: String
    /// The dimensions; empty for a scalar.
    public let shape: [Int]
    public let elementType: HDF5ElementType
    let handle: HDF5Handle

    private init(file: HDF5File, path: String, shape: [Int], elementType: HDF5ElementType, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.shape = shape
        self.elementType = elementType
        self.handle = handle
    }

    static func open(in file: HDF5File, parent: HDF5Handle, name: String, path: String) throws -> HDF5Dataset {
        try HDF5Library.sync {
            let id = H5Dopen2(parent.id, name, dl_h5p_default())
            guard id >= 0 else {
                throw HDF5Error(
                    .missingObject, file: file.path, object: path, message: "cannot open dataset '\(path)'",
                    libraryMessages: HDF5Library.takeErrorMessages())
            }
            return try adopting(id, in: file, path: path)
        }
    }

    /// The dataset of the open identifier `id`, which it closes when released (also when this
    /// throws). Call under the HDF5 lock.
    static func adopting(_ id: hid_t, in file: HDF5File, path: String) throws -> HDF5Dataset {
        let handle = HDF5Handle(id, close: { H5Dclose($0) })
        let space = H5Dget_space(id)
        defer { H5Sclose(space) }
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        guard let shape = dimensions(ofSpace: space), elementCount(shape) != nil else {
            throw HDF5Error(.readFailed, file: file.path, object: path, message: "unreadable dataset shape")
        }
        return HDF5Dataset(
            file: file, path: path, shape: shape, elementType: HDF5ElementType(typeID: type), handle: handle)
    }

    /// The attributes attached to this dataset.
    public var attributes: HDF5Attributes {
        HDF5Attributes(file: file, objectPath: path, owner: handle)
    }

    /// The number of elements.
    public var count: Int { elementCount(shape) ?? 0 }

    /// The most bytes one read may allocate (4 GiB: more than any weight Core ML or Keras can use).
    public static let readLimit = 4 << 30

    /// All elements as `Float`, in row-major order.
    public func readFloats() throws -> [Float] {
        try read(rows: nil, as: Float.self, memoryType: dl_native_float())
    }

    /// All elements as `Double`, in row-major order.
    public func readDoubles() throws -> [Double] {
        try read(rows: nil, as: Double.self, memoryType: dl_native_double())
    }

    /// The elements of rows `rows` of the first dimension as `Float`, in row-major order.
    public func readFloats(rows: Range<Int>) throws -> [Float] {
        try read(rows: rows, as: Float.self, memoryType: dl_native_float())
    }

    /// Streams the dataset in blocks of whole rows of the first dimension, each block holding at
    /// most `maxElements` elements (at least one row), so memory stays bounded for large tensors.
    public func forEachBlock(maxElements: Int, _ body: (Range<Int>, [Float]) throws -> Void) throws {
        guard let rows = shape.first else {
            try body(0..<1, try readFloats())
            return
        }
        let rowSize = max(1, elementCount(Array(shape.dropFirst())) ?? 1)
        let step = max(1, maxElements / rowSize)
        var start = 0
        while start < rows {
            let range = start..<min(rows, start + step)
            try body(range, try readFloats(rows: range))
            start = range.upperBound
        }
    }

    /// Whether the elements lie unfiltered in one run of the file (contiguous layout) or in the
    /// object header (compact): reading them copies bytes from an address libhdf5 checks against
    /// the file's end, through no chunk index and no filter.
    public var storesPlainBytes: Bool {
        HDF5Library.sync {
            let plist = H5Dget_create_plist(handle.id)
            guard plist >= 0 else { return false }
            defer { H5Pclose(plist) }
            let layout = H5Pget_layout(plist)
            return (layout == H5D_CONTIGUOUS || layout == H5D_COMPACT) && H5Pget_nfilters(plist) == 0
        }
    }

    /// The first and the last element as `Float` (one for a scalar or a one-element dataset):
    /// the reads of both ends of the storage, through the same type conversion as a whole read.
    public func readEnds() throws -> [Float] {
        guard count > 1 else { return try readFloats() }
        return try [shape.map { _ in 0 }, shape.map { $0 - 1 }].map { corner in
            try HDF5Library.sync {
                let fileSpace = H5Dget_space(handle.id)
                defer { H5Sclose(fileSpace) }
                var start = corner.map { hsize_t($0) }
                var extent = [hsize_t](repeating: 1, count: shape.count)
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &extent, nil)
                let memorySpace = H5Screate_simple(Int32(extent.count), &extent, nil)
                defer { H5Sclose(memorySpace) }
                var value: Float = 0
                let status = H5Dread(handle.id, dl_native_float(), memorySpace, fileSpace, dl_h5p_default(), &value)
                guard status >= 0 else { throw failure(.readFailed, "cannot read dataset values") }
                return value
            }
        }
    }

    /// All elements of a string dataset.
    public func readStrings() throws -> [String] {
        try HDF5Library.sync {
            let type = H5Dget_type(handle.id)
            defer { H5Tclose(type) }
            let space = H5Dget_space(handle.id)
            defer { H5Sclose(space) }
            guard case .string = elementType,
                let strings = HDF5StringReader.read(
                    count: count, fileType: type, space: space,
                    read: { H5Dread(handle.id, $0, dl_h5s_all(), dl_h5s_all(), dl_h5p_default(), $1) })
            else { throw failure(.readFailed, "cannot read strings from a \(elementType) dataset") }
            return strings
        }
    }

    private func read<T: Numeric>(rows: Range<Int>?, as: T.Type, memoryType: hid_t) throws -> [T] {
        switch elementType {
        case .float, .integer: break
        default: throw failure(.unsupportedType, "cannot read a \(elementType) dataset as numbers")
        }
        if let rows {
            guard let total = shape.first, rows.lowerBound >= 0, rows.upperBound <= total, !rows.isEmpty else {
                throw failure(.readFailed, "rows \(rows) are outside the dataset's \(shape.first ?? 0) rows")
            }
        }
        return try HDF5Library.sync {
            var selectedShape = shape
            if let rows { selectedShape[0] = rows.count }
            guard let count = elementCount(selectedShape) else { throw failure(.readFailed, "dataset too large") }
            guard count > 0 else { return [] }
            // Checked before allocating: a compressed dataset can declare far more than the file holds.
            let bytes = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard !bytes.overflow, bytes.partialValue <= Self.readLimit else {
                throw failure(
                    .refused,
                    "reading a \(selectedShape) block would take more than the \(Self.readLimit >> 30) GiB "
                        + "a dataset may take")
            }
            // Filled by H5Dread (or discarded when it fails): no need to zero it first.
            var values = [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
            let fileSpace = H5Dget_space(handle.id)
            defer { H5Sclose(fileSpace) }
            var memorySpace = dl_h5s_all()
            if let rows {
                var start = [hsize_t](repeating: 0, count: shape.count)
                start[0] = hsize_t(rows.lowerBound)
                var extent = selectedShape.map { hsize_t($0) }
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &extent, nil)
                memorySpace = H5Screate_simple(Int32(extent.count), &extent, nil)
            }
            defer { if rows != nil { H5Sclose(memorySpace) } }
            let status = values.withUnsafeMutableBytes {
                H5Dread(
                    handle.id, memoryType, memorySpace, rows == nil ? dl_h5s_all() : fileSpace, dl_h5p_default(),
                    $0.baseAddress!)
            }
            guard status >= 0 else { throw failure(.readFailed, "cannot read dataset values") }
            return values
        }
    }

    private func failure(_ code: HDF5Error.Code, _ message: String) -> HDF5Error {
        HDF5Error(
            code, file: file.path, object: path, message: message, libraryMessages: HDF5Library.takeErrorMessages())
    }
}
