import JSON

/// A tensor produced by a layer: the layer's name, which call of it, and which of its outputs.
public struct TensorReference: Hashable, Sendable, CustomStringConvertible {
    public var layer: String
    public var nodeIndex: Int
    public var tensorIndex: Int

    public init(layer: String, nodeIndex: Int = 0, tensorIndex: Int = 0) {
        self.layer = layer
        self.nodeIndex = nodeIndex
        self.tensorIndex = tensorIndex
    }

    public var description: String {
        nodeIndex == 0 && tensorIndex == 0 ? layer : "\(layer)[\(nodeIndex)][\(tensorIndex)]"
    }
}

/// One call of a layer: what it was called with.
///
/// Keras 2 stores a call as a list of `[layer, node, tensor, kwargs]` entries (a list of tensors
/// when there are several); Keras 3 as `{"args": [...], "kwargs": {...}}` with tensors written as
/// `__keras_tensor__` objects. Both become this one shape.
public struct InboundNode: Hashable, Sendable {
    public var arguments: [NodeArgument]
    public var keywordArguments: [KeywordArgument]
    /// Shapes the file recorded for the tensors read (Keras 3 writes each `__keras_tensor__`'s shape).
    public var recordedShapes: [TensorReference: TensorShape]

    public init(
        arguments: [NodeArgument], keywordArguments: [KeywordArgument] = [],
        recordedShapes: [TensorReference: TensorShape] = [:]
    ) {
        self.arguments = arguments
        self.keywordArguments = keywordArguments
        self.recordedShapes = recordedShapes
    }

    /// Every tensor this call reads, in order, looking inside lists and keyword arguments.
    public var tensors: [TensorReference] {
        arguments.flatMap(\.tensors) + keywordArguments.flatMap(\.value.tensors)
    }

    /// The keyword argument `name`, if given.
    public func keyword(_ name: String) -> NodeArgument? {
        keywordArguments.first { $0.name == name }?.value
    }
}

/// A keyword argument of a layer call (`y=1.0` of `__operators__.add`, `axis=1`).
public struct KeywordArgument: Hashable, Sendable {
    public var name: String
    public var value: NodeArgument

    public init(name: String, value: NodeArgument) {
        self.name = name
        self.value = value
    }
}

/// A positional argument of a layer call.
public indirect enum NodeArgument: Hashable, Sendable {
    case tensor(TensorReference)
    case list([NodeArgument])
    case constant(JSONValue)

    public var tensors: [TensorReference] {
        switch self {
        case .tensor(let reference): return [reference]
        case .list(let items): return items.flatMap(\.tensors)
        case .constant: return []
        }
    }
}
