import CoreMLSpec

/// What the caller chooses about the converted model beyond the Keras model itself.
public struct CoreMLConversionOptions: Sendable {
    /// The model's short description.
    public var description: String
    /// The model's user-defined metadata (the converter version, the rules that fired...).
    public var metadata: [String: String]
    /// Inputs declared as images instead of multi-arrays.
    public var imageInputs: [ImageInput]
    /// The shapes of inputs whose Keras shape has unknown dimensions (or that the user chose), by
    /// input name; the others take their Keras shape with a batch of 1.
    public var inputShapes: [String: FlexibleInputShape]
    /// The user's metadata, descriptions, renames and class labels.
    public var interface: ModelInterface
    /// Weights stored as float16 (``HalfPrecisionWeights``), not float32.
    public var halfPrecisionWeights: Bool

    public init(
        description: String = "", metadata: [String: String] = [:], imageInputs: [ImageInput] = [],
        inputShapes: [String: FlexibleInputShape] = [:], interface: ModelInterface = .init(),
        halfPrecisionWeights: Bool = false
    ) {
        self.halfPrecisionWeights = halfPrecisionWeights
        self.description = description
        self.metadata = metadata
        self.imageInputs = imageInputs
        self.inputShapes = inputShapes
        self.interface = interface
    }
}

/// What writing a converted model produced.
public struct CoreMLWriteSummary: Sendable {
    public var layers: Int
    public var specificationVersion: Int32
    public var bytes: Int
}
