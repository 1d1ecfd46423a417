internal import CHDF5
import Foundation

extension HDF5File {
    /// Opens an HDF5 file held in memory (a member inflated from a `.keras` archive) read-only,
    /// through libhdf5's core driver: nothing is read from or written to the disk. `name` only
    /// names the image in errors and in ``path``.
    ///
    /// - Throws: ``HDF5Error`` `.notHDF5` when the bytes lack the HDF5 signature, `.openFailed`
    ///   with libhdf5's explanation (a truncated image), `.refused` as ``open(_:)``.
    public static func open(image: Data, name: String) throws -> HDF5File {
        guard image.starts(with: signature) else {
            let detail = image.isEmpty ? "it is empty" : "no HDF5 signature found"
            throw HDF5Error(.notHDF5, file: name, message: "not an HDF5 file (\(detail))")
        }
        return try HDF5Library.sync {
            let access = H5Pcreate(dl_h5p_file_access())
            guard access >= 0 else {
                throw HDF5Error(
                    .openFailed, file: name, message: "cannot create file-access properties",
                    libraryMessages: HDF5Library.takeErrorMessages())
            }
            defer { H5Pclose(access) }
            // The image is copied by libhdf5, which then owns its copy; no backing store.
            let configured = image.withUnsafeBytes { buffer -> Bool in
                H5Pset_fapl_core(access, 1 << 20, false) >= 0
                    && H5Pset_file_image(access, UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count)
                        >= 0
            }
            guard configured else {
                throw HDF5Error(
                    .openFailed, file: name, message: "cannot hand the image to libhdf5",
                    libraryMessages: HDF5Library.takeErrorMessages())
            }
            let id = H5Fopen(name, dl_h5f_acc_rdonly(), access)
            guard id >= 0 else {
                let messages = HDF5Library.takeErrorMessages()
                let reason = messages.first ?? "unknown reason"
                throw HDF5Error(
                    .openFailed, file: name, message: "cannot open HDF5 image: \(reason)", libraryMessages: messages)
            }
            let handle = HDF5Handle(id, close: { H5Fclose($0) })
            try HDF5ContainmentAudit.check(id, path: name)
            return HDF5File(path: name, handle: handle)
        }
    }

    /// The eight bytes every HDF5 file Keras writes begins with.
    private static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
}
