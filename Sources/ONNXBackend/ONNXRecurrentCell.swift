import JSON
import KerasModel

/// A Keras LSTM, GRU or SimpleRNN (``RecurrentCellWeights``) as ONNX's `LSTM`, `GRU` and `RNN`
/// operators read it: `[gates · units, inputs]` per direction with the LSTM's gates in the order
/// i, o, f, c (a GRU's are Keras's z, r, h), and a bias of the input side followed by the
/// recurrent side.
struct ONNXRecurrentCell {
    typealias Kind = RecurrentCellWeights.Kind

    let weights: RecurrentCellWeights
    var goBackwards: Bool

    var kind: Kind { weights.kind }
    var units: Int { weights.units }
    var inputs: Int { weights.inputs }
    var kernel: [Float] { weights.kernel }
    var recurrentKernel: [Float] { weights.recurrentKernel }
    var bias: [Float]? { weights.bias }
    var recurrentBias: [Float]? { weights.recurrentBias }
    var resetAfter: Bool { weights.resetAfter }
    var activation: String { weights.activation }
    var recurrentActivation: String { weights.recurrentActivation }
    var returnSequences: Bool { weights.returnSequences }

    init(_ weights: RecurrentCellWeights) {
        self.weights = weights
        goBackwards = weights.goBackwards
    }

    init(
        className: String, config: JSONObject, weights: ArraySlice<[Float]>, shapes: ArraySlice<[Int]>,
        fail: (String) -> ONNXConversionError
    ) throws(ONNXConversionError) {
        do {
            self.weights = try RecurrentCellWeights(
                className: className, config: config, weights: weights, shapes: shapes)
        } catch {
            throw fail(error.message)
        }
        goBackwards = self.weights.goBackwards
    }

    /// The ONNX operator.
    var operatorName: String { kind == .lstm ? "LSTM" : kind == .gru ? "GRU" : "RNN" }

    /// For each ONNX gate, the Keras gate it is.
    var kerasGateOfONNXGate: [Int] { kind == .lstm ? [0, 3, 1, 2] : Array(0..<kind.gates) }

    /// ONNX's `W` (or `R`) of one direction: `[gates · units, rows]` from Keras's `[rows, gates · units]`.
    func onnxMatrix(_ matrix: [Float], rows: Int) -> [Float] {
        let width = kind.gates * units
        var result: [Float] = []
        result.reserveCapacity(matrix.count)
        for kerasGate in kerasGateOfONNXGate {
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
            return kerasGateOfONNXGate.flatMap { vector[($0 * units)..<(($0 + 1) * units)] }
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
