import JSON

/// The function of a `Lambda`, `TFOpLambda` or `SlicingOpLambda` layer, as stored in the file.
///
/// Nothing here is decoded or executed: the marshal bytes are kept as bytes for the bytecode
/// reader, and everything else as the JSON Keras wrote.
public struct LambdaFunction: Hashable, Sendable {
    public enum Payload: Hashable, Sendable {
        /// Marshaled CPython code (`marshal.dumps(func.__code__)`), decoded from its text form.
        case marshal(MarshalPayload)
        /// A function stored by name only (`function_type: "function"`, or Keras 3's
        /// `{"class_name": "function", "config": "euclidean_distance"}`).
        case named(module: String?, name: String)
        /// A TensorFlow op applied to a Keras tensor (`TFOpLambda`): `math.square`, `__operators__.add`.
        case tfOp(String)
    }

    public var payload: Payload
    /// The module the function came from (`__main__`, `tensorflow.python.ops.nn_ops`), if stored.
    public var module: String?
    /// The function's `__defaults__` (a JSON list), if any.
    public var defaults: JSONValue?
    /// The values of the function's closure cells (a JSON list), if any.
    public var closure: JSONValue?
    /// The layer's `arguments`: extra keyword arguments passed to the function.
    public var arguments: JSONObject
    /// The declared `output_shape`, if any.
    public var outputShape: OutputShape?

    public init(
        payload: Payload, module: String? = nil, defaults: JSONValue? = nil, closure: JSONValue? = nil,
        arguments: JSONObject = JSONObject(), outputShape: OutputShape? = nil
    ) {
        self.payload = payload
        self.module = module
        self.defaults = defaults
        self.closure = closure
        self.arguments = arguments
        self.outputShape = outputShape
    }

    /// The payload kind as the `inspect` JSON contract names it.
    public var payloadKind: String {
        switch payload {
        case .marshal: return "marshal"
        case .named: return "named"
        case .tfOp: return "tfop"
        }
    }
}

/// Marshaled code bytes and the text encoding they were stored in.
public struct MarshalPayload: Hashable, Sendable {
    public enum Encoding: String, Hashable, Sendable {
        /// `codecs.encode(raw, "base64")`: Keras ≥ 2.1.2, tf.keras, Keras 3.
        case base64
        /// `raw.decode("raw_unicode_escape")`: Keras < 2.1.2 (and Keras 1.x).
        case rawUnicodeEscape = "raw_unicode_escape"
    }

    public var bytes: [UInt8]
    public var encoding: Encoding

    public init(bytes: [UInt8], encoding: Encoding) {
        self.bytes = bytes
        self.encoding = encoding
    }
}

/// A Lambda's declared output shape.
public enum OutputShape: Hashable, Sendable {
    /// A literal shape, without the batch dimension.
    case shape([Int?])
    /// A function computing the shape from the input shape.
    indirect case function(LambdaFunction.Payload)
}
