internal import CHDF5
import Foundation

/// Reads string elements (fixed- or variable-length) through a caller-supplied read call.
///
/// Attributes and datasets differ only in the function that moves the bytes (`H5Aread` or
/// `H5Dread`), so both hand that function in as `read(memoryType, buffer)`.
enum HDF5StringReader {
    /// Reads `count` strings of file type `fileType`. Call under the HDF5 lock.
    static func read(
        count: Int, fileType: hid_t, space: hid_t, read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) -> [String]? {
        guard count > 0 else { return [] }
        let memoryType = H5Tcopy(dl_c_s1())
        defer { H5Tclose(memoryType) }
        H5Tset_cset(memoryType, H5Tget_cset(fileType))
        if H5Tis_variable_str(fileType) > 0 {
            H5Tset_size(memoryType, dl_variable_size())
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
            guard status >= 0 else { return nil }
            let strings = pointers.map { $0.map { decodeText(UnsafeRawPointer($0), length: strlen($0)) } ?? "" }
            _ = pointers.withUnsafeMutableBytes {
                H5Dvlen_reclaim(memoryType, space, dl_h5p_default(), $0.baseAddress!)
            }
            return strings
        }
        let width = H5Tget_size(fileType)
        guard width > 0, let total = elementCount([count, width]) else { return nil }
        H5Tset_size(memoryType, width)
        H5Tset_strpad(memoryType, H5T_STR_NULLPAD)
        var bytes = [UInt8](repeating: 0, count: total)
        let status = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
        guard status >= 0 else { return nil }
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var slice = bytes[(index * width)..<((index + 1) * width)]
            if let end = slice.firstIndex(of: 0) { slice = slice[..<end] }
            if spacePadded { while slice.last == 0x20 { slice = slice.dropLast() } }
            return slice.withUnsafeBytes { decodeText($0.baseAddress!, length: slice.count) }
        }
    }

    /// UTF-8 when valid, Latin-1 otherwise: old Keras files carry `raw_unicode_escape` text.
    private static func decodeText(_ pointer: UnsafeRawPointer, length: Int) -> String {
        let buffer = UnsafeRawBufferPointer(start: pointer, count: length)
        if let text = String(validating: buffer, as: UTF8.self) { return text }
        return String(buffer.map { Character(Unicode.Scalar($0)) })
    }
}
