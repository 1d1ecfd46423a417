/// A failure at the HDF5 boundary: what went wrong, where, and what libhdf5 said.
public struct HDF5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently to each.
    public enum Code: String, Sendable {
        case notAFile = "not a file"
        case notHDF5 = "not an HDF5 file"
        case openFailed = "cannot open"
        case missingObject = "no such object"
        case missingAttribute = "no such attribute"
        case unsupportedType = "unsupported data type"
        case readFailed = "read failed"
        case writeFailed = "write failed"
        /// The file points outside itself (external links or storage, virtual datasets, soft
        /// links leaving their group) or declares more data than it stores.
        case refused = "refused"
    }

    public var code: Code
    /// The file the operation was about.
    public var file: String
    /// The object inside the file (`/model_weights/dense`), empty for the file itself.
    public var object: String
    /// A one-line explanation.
    public var message: String
    /// The innermost messages of libhdf5's error stack, most specific first.
    public var libraryMessages: [String]

    public init(
        _ code: Code, file: String, object: String = "", message: String, libraryMessages: [String] = []
    ) {
        self.code = code
        self.file = file
        self.object = object
        self.message = message
        self.libraryMessages = libraryMessages
    }

    public var description: String {
        var text = file
        if !object.isEmpty { text += " (\(object))" }
        text += ": \(message)"
        if let cause = libraryMessages.first, !message.contains(cause) { text += " (HDF5: \(cause))" }
        return text
    }
}
