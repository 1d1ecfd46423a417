/// Why a function's body cannot be turned into one expression.
public struct InliningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The function's name (`<lambda>` for a lambda).
    public var function: String
    /// What went wrong, without the function name (which ``description`` adds).
    public var message: String

    public init(function: String, message: String) {
        self.function = function
        self.message = message
    }

    public var description: String { "def \(function): \(message)" }
}
