import JSON

/// A Keras LSTM, GRU or SimpleRNN as its config and weights give it, before any backend's layout.
///
/// Keras stores a kernel `[inputs, gates · units]`, a recurrent kernel `[units, gates · units]`
/// and a bias `[gates · units]` (two rows, input side then recurrent side, for a GRU with
/// `reset_after`), the gates side by side in the order LSTM i, f, c, o; GRU z, r, h.
public struct RecurrentCellWeights: Sendable {
    public enum Kind: String, Sendable {
        case lstm = "LSTM"
        case gru = "GRU"
        case simple = "SimpleRNN"

        public var gates: Int { self == .lstm ? 4 : self == .gru ? 3 : 1 }
    }

    public let kind: Kind
    public let units: Int
    public let inputs: Int
    /// `[inputs, gates · units]`, row-major.
    public let kernel: [Float]
    /// `[units, gates · units]`, row-major.
    public let recurrentKernel: [Float]
    public let bias: [Float]?
    /// A GRU with `reset_after`: the bias added to the recurrent side.
    public let recurrentBias: [Float]?
    public let resetAfter: Bool
    public let activation: String
    public let recurrentActivation: String
    public let returnSequences: Bool
    public var goBackwards: Bool

    /// Reads a layer of `className` from its config and its weights (kernel, recurrent kernel,
    /// bias). Throws the reason, as users read it, for what no backend converts: `return_state`,
    /// `time_major`, `stateful`, or weights whose shapes disagree with the config.
    public init(className: String, config: JSONObject, weights: ArraySlice<[Float]>, shapes: ArraySlice<[Int]>)
        throws(RecurrentCellError)
    {
        guard let kind = Kind(rawValue: className) else {
            throw RecurrentCellError("cannot convert a recurrent \(className)")
        }
        func flag(_ key: String) -> Bool? {
            if case .bool(let value)? = config[key] { return value }
            return nil
        }
        if flag("return_state") == true {
            throw RecurrentCellError("return_state (the states as extra outputs) is not supported")
        }
        if flag("time_major") == true { throw RecurrentCellError("time_major inputs are not supported") }
        if flag("stateful") == true { throw RecurrentCellError("stateful layers are not supported") }
        let useBias = flag("use_bias") ?? true
        let (weights, shapes) = (Array(weights), Array(shapes))
        guard weights.count == (useBias ? 3 : 2), shapes.count == weights.count, shapes[0].count == 2,
            shapes[1].count == 2
        else {
            throw RecurrentCellError(
                "expected a kernel, a recurrent kernel\(useBias ? " and a bias" : ""), got \(shapes)")
        }
        let units = config["units"]?.int ?? shapes[1][0]
        let width = kind.gates * units
        guard shapes[0][1] == width, shapes[1] == [units, width], weights[0].count == shapes[0][0] * width,
            weights[1].count == units * width
        else { throw RecurrentCellError("\(kind.rawValue) of \(units) units with weights of shapes \(shapes)") }
        self.kind = kind
        self.units = units
        self.inputs = shapes[0][0]
        self.kernel = weights[0]
        self.recurrentKernel = weights[1]
        self.activation = config["activation"]?.string ?? "tanh"
        self.recurrentActivation = config["recurrent_activation"]?.string ?? "sigmoid"
        self.returnSequences = flag("return_sequences") ?? false
        self.goBackwards = flag("go_backwards") ?? false
        // Files from before the option have no key; their bias has one row.
        self.resetAfter = kind == .gru && (flag("reset_after") ?? (useBias && shapes[2].count == 2))
        if useBias {
            let rows = resetAfter ? 2 : 1
            guard weights[2].count == rows * width else {
                throw RecurrentCellError(
                    "bias of shape \(shapes[2]), expected \(rows == 2 ? "[2, \(width)]" : "[\(width)]")")
            }
            bias = Array(weights[2].prefix(width))
            recurrentBias = resetAfter ? Array(weights[2].suffix(width)) : nil
        } else {
            (bias, recurrentBias) = (nil, nil)
        }
    }
}

/// Why a recurrent layer cannot be read.
public struct RecurrentCellError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A `Bidirectional` wrapper's two layers (forward, then the one reading backwards) and how it
/// merges them.
public struct BidirectionalWeights: Sendable {
    public var forward: RecurrentCellWeights
    public var backward: RecurrentCellWeights
    /// `concat`, `sum`, `mul` or `ave`.
    public var merge: String

    /// Reads the wrapper from its config (`layer`, an optional `backward_layer`, `merge_mode`) and
    /// its weights, the forward layer's first. Throws the reason for what no backend converts.
    public init(config: JSONObject, weights: [[Float]], shapes: [[Int]]) throws(RecurrentCellError) {
        guard let inner = config["layer"]?.object, let className = inner["class_name"]?.string,
            let forwardConfig = inner["config"]?.object
        else { throw RecurrentCellError("no wrapped layer in the config") }
        guard let merge = config["merge_mode"]?.string, ["concat", "sum", "mul", "ave"].contains(merge) else {
            throw RecurrentCellError("merge_mode \(config["merge_mode"]?.string ?? "None") is not supported")
        }
        let backwardLayer = config["backward_layer"]?.object
        let half = weights.count / 2
        forward = try RecurrentCellWeights(
            className: className, config: forwardConfig, weights: weights[..<half], shapes: shapes[..<half])
        backward = try RecurrentCellWeights(
            className: backwardLayer?["class_name"]?.string ?? className,
            config: backwardLayer?["config"]?.object ?? forwardConfig, weights: weights[half...],
            shapes: shapes[half...])
        if backwardLayer == nil { backward.goBackwards = !forward.goBackwards }
        guard !forward.goBackwards, backward.goBackwards, forward.returnSequences == backward.returnSequences else {
            throw RecurrentCellError("the forward and backward layers differ in direction or in what they return")
        }
        self.merge = merge
    }
}
