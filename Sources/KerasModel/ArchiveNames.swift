import Foundation

/// How a `.keras` archive names the groups of a model's layers, for its reader and its writer.
public enum ArchiveNames {
    /// Keras's snake case of a class name (`naming.to_snake_case`): `Conv2D` → `conv2d`,
    /// `BatchNormalization` → `batch_normalization`, `ReLU` → `re_lu`.
    public static func snakeCase(_ name: String) -> String {
        var text = name.filter { $0.isASCII && ($0.isLetter || $0.isNumber) || $0 == "_" }
        for (pattern, template) in [("(.)([A-Z][a-z]+)", "$1_$2"), ("([a-z])([A-Z])", "$1_$2")] {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            text = expression.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text.lowercased()
    }
}
