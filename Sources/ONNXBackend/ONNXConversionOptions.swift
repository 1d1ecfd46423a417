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
