internal import CHDF5

/// The element type of an attribute or dataset, as far as Delambda cares.
public enum HDF5ElementType: Sendable, Equatable, CustomStringConvertible {
    case float(bits: Int)
    case integer(bits: Int, signed: Bool)
    case string(variableLength: Bool)
    /// Any other HDF5 type class (compound, enum, opaque, ...), named.
    case other(String)

    /// Describes the HDF5 datatype `type`. Call under the HDF5 lock.
    init(typeID type: hid_t) {
        let bits = Int(H5Tget_size(type)) * 8
        switch H5Tget_class(type) {
        case H5T_FLOAT: self = .float(bits: bits)
        case H5T_INTEGER: self = .integer(bits: bits, signed: H5Tget_sign(type) == H5T_SGN_2)
        case H5T_STRING: self = .string(variableLength: H5Tis_variable_str(type) > 0)
        case H5T_ENUM: self = .other("enum")
        case H5T_COMPOUND: self = .other("compound")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_ARRAY: self = .other("array")
        case H5T_VLEN: self = .other("vlen sequence")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_BITFIELD: self = .other("bitfield")
        default: self = .other("unknown")
        }
    }

    /// A NumPy-like name: `float32`, `int64`, `uint8`, `string`.
    public var description: String {
        switch self {
        case .float(let bits): return "float\(bits)"
        case .integer(let bits, let signed): return "\(signed ? "" : "u")int\(bits)"
        case .string: return "string"
        case .other(let name): return name
        }
    }
}

/// Reads the dimensions of a dataspace. Call under the HDF5 lock.
func dimensions(ofSpace space: hid_t) -> [Int]? {
    let rank = H5Sget_simple_extent_ndims(space)
    guard rank >= 0 else { return nil }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { return nil }
    return dims.map { Int(clamping: $0) }
}

/// The number of elements of `shape`, or `nil` if it would overflow.
func elementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for dim in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dim)
        if overflow || dim < 0 { return nil }
        count = product
    }
    return count
}
