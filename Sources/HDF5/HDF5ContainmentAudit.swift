internal import CHDF5

/// Refuses a file that would make libhdf5 read anything but itself, or that declares data it does
/// not store.
///
/// libhdf5 follows external links, external raw storage (`H5Pset_external`) and virtual datasets
/// into other files by default, so a hostile model could fold any local file into a conversion's
/// output. Every file is audited once when it is opened, before any object is read: every link
/// (soft links must stay inside the group that holds them) and every dataset's storage.
enum HDF5ContainmentAudit {
    /// Audits the open file `id` of `path`. Call under the HDF5 lock.
    /// - Throws: ``HDF5Error`` with code `.refused`, naming the object and what it points to.
    static func check(_ id: hid_t, path: String) throws {
        var audit = dl_audit_t()
        let problem = dl_audit(id, &audit)
        guard problem != Int32(DL_AUDIT_OK) else { return }
        _ = HDF5Library.takeErrorMessages()
        let path = text(&audit.path)
        let object = path.hasPrefix("/") ? path : "/" + path
        let detail = text(&audit.detail)
        throw HDF5Error(.refused, file: path, object: object, message: message(problem, detail, audit))
    }

    private static func message(_ problem: Int32, _ detail: String, _ audit: dl_audit_t) -> String {
        let refusal = "refused: a model file must not read other files"
        switch problem {
        case Int32(DL_AUDIT_EXTERNAL_LINK): return "external link to \(detail): \(refusal)"
        case Int32(DL_AUDIT_USER_LINK): return "\(detail) (not a plain link): refused"
        case Int32(DL_AUDIT_SOFT_LINK_ESCAPES): return "soft link to '\(detail)', outside its group: refused"
        case Int32(DL_AUDIT_EXTERNAL_STORAGE): return "data stored in the external file '\(detail)': \(refusal)"
        case Int32(DL_AUDIT_VIRTUAL): return "virtual dataset mapping the file '\(detail)': \(refusal)"
        case Int32(DL_AUDIT_UNSTORED):
            let declared = audit.declared == UInt64.max ? "more than 2^64" : "\(audit.declared)"
            return "declares \(declared) bytes of data but stores \(audit.stored): refused"
        default: return "cannot audit the file: \(detail)"
        }
    }

    /// A NUL-terminated C string held in a fixed-size tuple field.
    private static func text<T>(_ field: inout T) -> String {
        withUnsafeBytes(of: &field) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
