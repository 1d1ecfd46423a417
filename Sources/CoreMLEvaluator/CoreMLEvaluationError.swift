/// Why a Core ML model could not be evaluated, and where: the layer (name, kind and position)
/// or, for problems outside the layers, the model feature involved.
public struct CoreMLEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The model is not a plain neural network.
        case notANeuralNetwork
        /// The layer kind (or one of its modes) has no reference evaluation here.
        case unsupported(String)
        /// A layer reads a blob that no input or earlier layer produced.
        case missingBlob(String)
        /// `predict` was not given a value for a model input.
        case missingInput(String)
        /// A model output was never produced by any layer.
        case missingOutput(String)
        /// The layer got a number of inputs or outputs its kind does not allow.
        case wrongArity(String)
        /// An input has a rank the layer kind does not allow.
        case wrongRank(expected: String, shape: [Int])
        /// A weight blob holds the wrong number of values.
        case weightCountMismatch(weights: String, expected: Int, got: Int)
        /// Shapes that must agree do not.
        case shapeMismatch(String)
        /// A parameter is out of range or inconsistent.
        case invalidParameter(String)
    }

    /// The layer's name, or `nil` when the problem is not in a layer.
    public var layer: String?
    /// The layer's kind as spelled in the Swift oneof (`convolution`, `sliceStatic`), or `nil`.
    public var kind: String?
    /// The layer's position in `neuralNetwork.layers`, or `nil`.
    public var index: Int?
    /// What went wrong.
    public var problem: Problem

    /// Creates an error about a layer, or about the model when `layer` is `nil`.
    public init(layer: String? = nil, kind: String? = nil, index: Int? = nil, problem: Problem) {
        self.layer = layer
        self.kind = kind
        self.index = index
        self.problem = problem
    }

    /// `layer 'conv' (convolution, #0): weights: expected 54 values, got 53`.
    public var description: String {
        var place = "model"
        if let layer {
            place = "layer '\(layer)' (\(kind ?? "?")\(index.map { ", #\($0)" } ?? ""))"
        }
        return "\(place): \(problemText)"
    }

    private var problemText: String {
        switch problem {
        case .notANeuralNetwork: return "not a neural network model"
        case .unsupported(let what): return "unsupported: \(what)"
        case .missingBlob(let name): return "reads blob '\(name)', which nothing produced"
        case .missingInput(let name): return "no value given for input '\(name)'"
        case .missingOutput(let name): return "output '\(name)' was never produced"
        case .wrongArity(let text): return text
        case .wrongRank(let expected, let shape): return "expected \(expected), got shape \(shape)"
        case .weightCountMismatch(let weights, let expected, let got):
            return "\(weights): expected \(expected) values, got \(got)"
        case .shapeMismatch(let text): return "shape mismatch: \(text)"
        case .invalidParameter(let text): return "invalid parameter: \(text)"
        }
    }
}
