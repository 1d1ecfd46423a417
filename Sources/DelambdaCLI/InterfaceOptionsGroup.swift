import ArgumentParser
import Pipeline

/// What `convert` writes into a Core ML model's interface besides the Keras model: metadata,
/// descriptions and feature names.
struct InterfaceOptionsGroup: ParsableArguments {
    @Option(help: "Core ML outputs: the author shown in Xcode.")
    var author: String?

    @Option(help: "Core ML outputs: the license shown in Xcode.")
    var license: String?

    @Option(name: .customLong("description"), help: "Core ML outputs: the model's description.")
    var modelDescription: String?

    @Option(
        name: .customLong("model-version"),
        help: ArgumentHelp("Core ML outputs: the model's version string.", valueName: "TEXT"))
    var modelVersion: String?

    @Option(
        help: ArgumentHelp(
            "Core ML outputs: what an input means, by its (final) name (repeatable).", valueName: "NAME=TEXT"))
    var inputDescription: [String] = []

    @Option(
        help: ArgumentHelp(
            "Core ML outputs: what an output means, by its (final) name (repeatable).", valueName: "NAME=TEXT"))
    var outputDescription: [String] = []

    @Option(
        help: ArgumentHelp("Core ML outputs: call the Keras input OLD NEW (repeatable).", valueName: "OLD=NEW"))
    var renameInput: [String] = []

    @Option(
        help: ArgumentHelp("Core ML outputs: call the Keras output OLD NEW (repeatable).", valueName: "OLD=NEW"))
    var renameOutput: [String] = []

    @Option(
        help: ArgumentHelp(
            "Core ML outputs: make the model a classifier of the first output, one label per value: a JSON "
                + "list of strings or whole numbers, or one label a line.", valueName: "FILE"))
    var classLabels: String?

    func interface() throws -> ModelInterface {
        func pairs(_ items: [String], _ option: String) throws -> [String: String] {
            var result: [String: String] = [:]
            for item in items {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw ValidationError("--\(option) takes NAME=VALUE, not '\(item)'")
                }
                let key = String(item[..<equals])
                guard result[key] == nil else { throw ValidationError("--\(option) names '\(key)' twice") }
                result[key] = String(item[item.index(after: equals)...])
            }
            return result
        }
        return ModelInterface(
            author: author, license: license, shortDescription: modelDescription, version: modelVersion,
            inputDescriptions: try pairs(inputDescription, "input-description"),
            outputDescriptions: try pairs(outputDescription, "output-description"),
            inputRenames: try pairs(renameInput, "rename-input"),
            outputRenames: try pairs(renameOutput, "rename-output"),
            classLabels: try classLabels.map(ClassLabelFile.read))
    }

    /// Whether any option was given (they apply to Core ML outputs only).
    var isEmpty: Bool { classLabels == nil && (try? interface()) == ModelInterface() }
}
