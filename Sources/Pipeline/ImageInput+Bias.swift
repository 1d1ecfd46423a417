import Foundation

extension ImageInput {
    /// The bias `--image-bias` gives: one number for every channel, or three (red, green, blue),
    /// separated by commas; nil for anything else.
    public static func bias(_ text: String) -> [Float]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let bias = parts.compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard bias.count == parts.count, bias.count == 1 || bias.count == 3 else { return nil }
        return bias
    }
}
