/// What the user says about a converted model's interface beyond the Keras model — its author,
/// license, description, version, what each input and output means, and the names apps call
/// them by — for either Core ML format. Xcode shows the metadata and the descriptions.
///
/// Written by hand beside the generated messages (scripts/generate_proto.sh replaces only the
/// `.pb.swift` files).
public struct ModelInterface: Sendable, Equatable {
    public var author: String?
    public var license: String?
    public var shortDescription: String?
    public var version: String?
    /// Descriptions by feature name, as the model finally names it (after renames).
    public var inputDescriptions: [String: String]
    public var outputDescriptions: [String: String]
    /// New feature names by Keras name.
    public var inputRenames: [String: String]
    public var outputRenames: [String: String]
    /// Class labels for the model's first output, which makes the model a classifier.
    public var classLabels: ClassLabels?

    public init(
        author: String? = nil, license: String? = nil, shortDescription: String? = nil, version: String? = nil,
        inputDescriptions: [String: String] = [:], outputDescriptions: [String: String] = [:],
        inputRenames: [String: String] = [:], outputRenames: [String: String] = [:], classLabels: ClassLabels? = nil
    ) {
        self.author = author
        self.license = license
        self.shortDescription = shortDescription
        self.version = version
        self.inputDescriptions = inputDescriptions
        self.outputDescriptions = outputDescriptions
        self.inputRenames = inputRenames
        self.outputRenames = outputRenames
        self.classLabels = classLabels
    }

    /// The feature name of the Keras input `name`.
    public func inputName(_ name: String) -> String { inputRenames[name] ?? name }
    /// The feature name of the Keras output `name` (the layer computing it).
    public func outputName(_ name: String) -> String { outputRenames[name] ?? name }

    /// Sets what the user gave on `description`, whose features already carry their final names:
    /// the metadata fields given (the converter's own short description kept otherwise) and each
    /// feature's description.
    public func apply(to description: inout CoreML_Specification_ModelDescription) {
        if let author { description.metadata.author = author }
        if let license { description.metadata.license = license }
        if let shortDescription { description.metadata.shortDescription = shortDescription }
        if let version { description.metadata.versionString = version }
        for index in description.input.indices {
            if let text = inputDescriptions[description.input[index].name] {
                description.input[index].shortDescription = text
            }
        }
        for index in description.output.indices {
            if let text = outputDescriptions[description.output[index].name] {
                description.output[index].shortDescription = text
            }
        }
    }
}
