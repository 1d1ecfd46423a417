import Foundation

/// The output formats each command writes, chosen by the output's extension: an extension a
/// command does not write is a usage error, never a file of another format under that name.
public enum OutputFormat {
    /// What `convert` writes (a Core ML NeuralNetwork, a Core ML ML Program package, or an ONNX
    /// model).
    public static let convert = ["mlmodel", "mlpackage", "onnx"]
    /// What `rewrite` writes: a portable Keras `.h5`, or a Keras 3 `.keras` archive.
    public static let rewrite = ["h5", "keras"]

    /// Checks that `output` ends with one of `extensions` (any case).
    /// - Throws: ``PipelineError`` (usage, exit 2) naming the extension given and the ones written.
    public static func check(_ output: String, command: String, extensions: [String]) throws(PipelineError) {
        let given = URL(fileURLWithPath: output).pathExtension
        guard !extensions.contains(given.lowercased()) else { return }
        let written = extensions.map { ".\($0)" }.joined(separator: " or ")
        var refused = given.isEmpty ? "none without an extension" : "not '.\(given)'"
        if notYet.contains(given.lowercased()) { refused += " (not yet)" }
        throw PipelineError(
            .usage, "\(output): \(command) writes \(written) files, \(refused); name the output OUT.\(extensions[0])",
            location: .init(file: output))
    }

    /// Formats the design promises but that are not written yet.
    static let notYet: Set<String> = []
}
