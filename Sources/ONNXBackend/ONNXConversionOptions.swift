/// How a Keras model becomes an ONNX model: the opset, the model's description, its metadata.
public struct ONNXConversionOptions: Sendable {
    public var opset: ONNXOpset
    /// The model's doc string.
    public var description: String
    /// Key-value pairs stored in the model's `metadata_props`.
    public var metadata: [String: String]
    /// Tensors are moved to a data file beside the model when all weights together exceed this
    /// many bytes (protobuf cannot hold a message of 2 GiB); tests lower it.
    public var externalDataThreshold: Int
    /// The names (`dim_param`) of the input dimensions left symbolic, by input and axis (batch
    /// first, so axis 1 is the first after it). The model is converted at the sizes its input
    /// layers declare; the caller checks that other sizes give the same nodes.
    public var symbolicDimensions: [String: [Int: String]] = [:]

    public init(
        opset: ONNXOpset = .standard, description: String = "", metadata: [String: String] = [:],
        externalDataThreshold: Int = 2_000_000_000
    ) {
        self.opset = opset
        self.description = description
        self.metadata = metadata
        self.externalDataThreshold = externalDataThreshold
    }
}
