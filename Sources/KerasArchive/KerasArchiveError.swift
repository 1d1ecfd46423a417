/// Why a `.keras` archive cannot be read: one line naming the archive and, where one is to blame,
/// the member.
public struct KerasArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not a zip at all, or a zip whose directory is cut short or damaged.
        case damaged
        /// A zip, but not one Keras wrote: `config.json` or `model.weights.h5` is missing.
        case notKeras
        /// A member the reader refuses to read: escaping paths, encryption, links, other methods.
        case refused
        /// Members that would inflate past the memory budget.
        case tooLarge
    }

    public var code: Code
    /// The archive's path.
    public var file: String
    /// The member concerned (`model.weights.h5`), if one is.
    public var member: String?
    public var message: String

    public init(_ code: Code, file: String, member: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.member = member
        self.message = message
    }

    public var description: String {
        var text = file
        if let member { text += ": member '\(member)'" }
        return text + ": " + message
    }
}
