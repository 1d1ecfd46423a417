import JSON
import KerasModel

/// A Keras LSTM, GRU or SimpleRNN as ONNX's `LSTM`, `GRU` and `RNN` operators read it.
///
/// Keras stores a kernel `[inputs, gates · units]`, a recurrent kernel `[units, gates · units]`
/// and a bias `[gates · units]` (two rows for a GRU with `reset_after`), gates side by side in
/// the order LSTM i, f, c, o; GRU z, r, h. ONNX wants `[gates · units, inputs]` per direction with
/// the LSTM's gates in the order i, o, f, c (a GRU's are the same), and a bias of the input side
/// followed by the recurrent side.
struct ONNXRecurrentCell {
    enum Kind: String {
        case lstm = "LSTM"
        case gru = "GRU"
        case simple = "SimpleRNN"

        var gates: Int { self == .lstm ? 4 : self == .gru ? 3 : 1 }
        var operatorName: String { self == .lstm ? "LSTM" : self == .gru ? "GRU" : "RNN" }
        /// For each ONNX gate, the Keras gate it is.
        var kerasGateOfONNXGate: [Int] { self == .lstm ? [0, 3, 1, 2] : Array(0..<gates) }
    }

    let kind: Kind
    let units: Int
    let inputs: Int
    let kernel: [Float]
    let recurrentKernel: [Float]
    let bias: [Float]?
    let recurrentBias: [Float]?
    let resetAfter: Bool
    let activation: String
    let recurrentActivation: String
    let returnSequences: Bool
    var goBackwards: Bool

    init(
        className: String, config: JSONObject, weights: ArraySlice<[Float]>, shapes: ArraySlice<[Int]>,
        fail: (String) -> ONNXConversionError
    ) throws(ONNXConversionError) {
        guard let kind = Kind(rawValue: className) else { throw fail("cannot convert a recurrent \(className)") }
        func flag(_ key: String) -> Bool? {
            if case .bool(let value)? = config[key] { return value }
            return nil
        }
        if flag("return_state") == true { throw fail("return_state (the states as extra outputs) is not supported") }
        if flag("time_major") == true { throw fail("time_major inputs are not supported") }
        if flag("stateful") == true { throw fail("stateful layers are not supported") }
        let useBias = flag("use_bias") ?? true
        let (weights, shapes) = (Array(weights), Array(shapes))
        guard weights.count == (useBias ? 3 : 2), shapes.count == weights.count, shapes[0].count == 2,
            shapes[1].count == 2
        else { throw fail("expected a kernel, a recurrent kernel\(useBias ? " and a bias" : ""), got \(shapes)") }
        let units = config["units"]?.int ?? shapes[1][0]
        let width = kind.gates * units
        guard shapes[0][1] == width, shapes[1] == [units, width], weights[0].count == shapes[0][0] * width,
            weights[1].count == units * width
        else { throw fail("\(kind.rawValue) of \(units) units with weights of shapes \(shapes)") }
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
                throw fail("bias of shape \(shapes[2]), expected \(rows == 2 ? "[2, \(width)]" : "[\(width)]")")
            }
            bias = Array(weights[2].prefix(width))
            recurrentBias = resetAfter ? Array(weights[2].suffix(width)) : nil
        } else {
            (bias, recurrentBias) = (nil, nil)
        }
    }

    /// ONNX's `W` (or `R`) of one direction: `[gates · units, rows]` from Keras's `[rows, gates · units]`.
    func onnxMatrix(_ matrix: [Float], rows: Int) -> [Float] {
        let width = kind.gates * units
        var result: [Float] = []
        result.reserveCapacity(matrix.count)
        for kerasGate in kind.kerasGateOfONNXGate {
            for unit in 0..<units {
                for row in 0..<rows { result.append(matrix[row * width + kerasGate * units + unit]) }
            }
        }
        return result
    }

    /// ONNX's `B` of one direction: the input-side bias then the recurrent-side one, gates reordered.
    var onnxBias: [Float] {
        let width = kind.gates * units
        func reordered(_ vector: [Float]?) -> [Float] {
            guard let vector else { return Array(repeating: 0, count: width) }
            return kind.kerasGateOfONNXGate.flatMap { vector[($0 * units)..<(($0 + 1) * units)] }
        }
        return reordered(bias) + reordered(recurrentBias)
    }

    /// The ONNX activations of one direction, in the operator's order (LSTM f, g, h; GRU f, g;
    /// RNN f), with the alpha and beta of those that take them; nil names an activation ONNX's
    /// recurrent operators lack.
    func activations(_ flavour: KerasFlavour) -> [(name: String, alpha: Double?, beta: Double?)]? {
        let names: [String]
        switch kind {
        case .lstm: names = [recurrentActivation, activation, activation]
        case .gru: names = [recurrentActivation, activation]
        case .simple: names = [activation]
        }
        var result: [(name: String, alpha: Double?, beta: Double?)] = []
        for name in names {
            switch name {
            case "sigmoid": result.append(("Sigmoid", nil, nil))
            case "tanh": result.append(("Tanh", nil, nil))
            case "relu": result.append(("Relu", nil, nil))
            case "linear": result.append(("Affine", 1, 0))
            // Keras 2: clip(0.2 x + 0.5); Keras 3: clip(x / 6 + 0.5).
            case "hard_sigmoid": result.append(("HardSigmoid", flavour == .keras3 ? 1.0 / 6.0 : 0.2, 0.5))
            default: return nil
            }
        }
        return result
    }
}
