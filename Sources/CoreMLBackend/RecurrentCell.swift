import CoreMLSpec
import JSON
import KerasModel

/// A Keras recurrent layer (LSTM, GRU or SimpleRNN) as read from its config and weights: the
/// gates' matrices in Keras's layout and the options that matter at inference.
///
/// Keras stores one kernel `[inputs, gates · units]`, one recurrent kernel `[units, gates ·
/// units]` and one bias `[gates · units]` (a GRU with `reset_after` has a second bias row for the
/// recurrent side), the gates side by side: LSTM i, f, c, o; GRU z, r, h.
struct RecurrentCell {
    enum Kind: String {
        case lstm = "LSTM"
        case gru = "GRU"
        case simple = "SimpleRNN"

        var gates: Int {
            switch self {
            case .lstm: 4
            case .gru: 3
            case .simple: 1
            }
        }
    }

    let kind: Kind
    let units: Int
    let inputs: Int
    let kernel: [Float]
    let recurrentKernel: [Float]
    /// The bias (the input-side bias of a GRU with `reset_after`), or `nil` without `use_bias`.
    let bias: [Float]?
    /// The recurrent-side bias of a GRU with `reset_after`.
    let recurrentBias: [Float]?
    /// GRU only: the reset gate multiplies the recurrent product (TF2's default) rather than the
    /// state before it.
    let resetAfter: Bool
    let activation: String
    let recurrentActivation: String
    let returnSequences: Bool
    var goBackwards: Bool
    /// The Keras that wrote the layer (its hard_sigmoid).
    let flavour: KerasFlavour

    /// Reads a layer of class `className` from its `config` and its weights (kernel, recurrent
    /// kernel, then the bias when it has one); `fail` makes an error about the converted layer.
    init(
        className: String, config: JSONObject, weights: ArraySlice<[Float]>, shapes: ArraySlice<[Int]>,
        flavour: KerasFlavour, fail: (String) -> CoreMLConversionError
    ) throws(CoreMLConversionError) {
        guard let kind = Kind(rawValue: className) else { throw fail("cannot convert a recurrent \(className)") }
        func flag(_ key: String) -> Bool? {
            if case .bool(let value)? = config[key] { return value }
            return nil
        }
        if flag("return_state") == true { throw fail("return_state (the states as extra outputs) is not supported") }
        if flag("time_major") == true { throw fail("time_major inputs are not supported") }
        let activation = config["activation"]?.string ?? "tanh"
        let recurrentActivation = config["recurrent_activation"]?.string ?? "sigmoid"
        for name in kind == .simple ? [activation] : [activation, recurrentActivation]
        where RecurrentActivations.table[name] == nil {
            throw fail(
                "activation '\(name)' is not one a Core ML recurrent layer has (supported: "
                    + RecurrentActivations.table.keys.sorted().joined(separator: ", ") + ")")
        }
        let useBias = flag("use_bias") ?? true
        let (weights, shapes) = (Array(weights), Array(shapes))
        guard weights.count == (useBias ? 3 : 2), shapes.count == weights.count,
            shapes[0].count == 2, shapes[1].count == 2
        else {
            throw fail("expected a kernel, a recurrent kernel\(useBias ? " and a bias" : ""), got \(shapes)")
        }
        let units = config["units"]?.int ?? shapes[1][0]
        let width = kind.gates * units
        guard shapes[0][1] == width, shapes[1] == [units, width], weights[0].count == shapes[0][0] * width,
            weights[1].count == units * width
        else {
            throw fail("\(kind.rawValue) of \(units) units with weights of shapes \(shapes)")
        }
        self.kind = kind
        self.flavour = flavour
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.returnSequences = flag("return_sequences") ?? false
        self.goBackwards = flag("go_backwards") ?? false
        self.units = units
        self.inputs = shapes[0][0]
        self.kernel = weights[0]
        self.recurrentKernel = weights[1]
        // Files from before the option have no key; their bias has one row.
        self.resetAfter = kind == .gru && (flag("reset_after") ?? (useBias && shapes[2].count == 2))
        if useBias {
            let rows = resetAfter ? 2 : 1
            guard weights[2].count == rows * width else {
                throw fail("bias of shape \(shapes[2]), expected \(rows == 2 ? "[2, \(width)]" : "[\(width)]")")
            }
            self.bias = Array(weights[2].prefix(width))
            self.recurrentBias = resetAfter ? Array(weights[2].suffix(width)) : nil
        } else {
            (self.bias, self.recurrentBias) = (nil, nil)
        }
    }

    /// Gate `gate`'s input matrix as Core ML stores it: `[units, inputs]`, row-major.
    func inputMatrix(_ gate: Int) -> [Float] { Self.rows(of: kernel, gate: gate, inputs: inputs, units: units) }

    /// Gate `gate`'s recursion matrix: `[units, units]`, row-major.
    func recursionMatrix(_ gate: Int) -> [Float] {
        Self.rows(of: recurrentKernel, gate: gate, inputs: units, units: units)
    }

    /// Gate `gate`'s part of a bias vector.
    func gateBias(_ gate: Int, of vector: [Float]) -> [Float] { Array(vector[(gate * units)..<((gate + 1) * units)]) }

    /// The `[units, inputs]` transpose of gate `gate`'s columns in an `[inputs, gates · units]` matrix.
    private static func rows(of matrix: [Float], gate: Int, inputs: Int, units: Int) -> [Float] {
        let width = matrix.count / Swift.max(inputs, 1)
        var result = [Float](repeating: 0, count: units * inputs)
        for unit in 0..<units {
            for input in 0..<inputs { result[unit * inputs + input] = matrix[input * width + gate * units + unit] }
        }
        return result
    }
}

/// The Keras activations a Core ML recurrent layer accepts (its documentation lists linear,
/// sigmoid, tanh, ReLU, scaled tanh and hard sigmoid).
enum RecurrentActivations {
    static let table: [String: @Sendable (inout CoreML_Specification_ActivationParams) -> Void] = [
        "tanh": { $0.tanh = CoreML_Specification_ActivationTanh() },
        "sigmoid": { $0.sigmoid = CoreML_Specification_ActivationSigmoid() },
        "relu": { $0.reLu = CoreML_Specification_ActivationReLU() },
        "linear": {
            var linear = CoreML_Specification_ActivationLinear()
            linear.alpha = 1
            $0.linear = linear
        },
        // Keras 2's hard sigmoid: clip(0.2 x + 0.5, 0, 1); Keras 3's slope is 1/6 (see `params`).
        "hard_sigmoid": {
            var hard = CoreML_Specification_ActivationSigmoidHard()
            hard.alpha = 0.2
            hard.beta = 0.5
            $0.sigmoidHard = hard
        },
    ]

    /// The activation as an `ActivationParams` (callers checked it is in the table).
    static func params(_ name: String, _ flavour: KerasFlavour) -> CoreML_Specification_ActivationParams {
        var params = CoreML_Specification_ActivationParams()
        table[name]?(&params)
        // Keras 3 redefined it as relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).
        if name == "hard_sigmoid" && flavour == .keras3 { params.sigmoidHard.alpha = 1 / 6 }
        return params
    }

    /// The activation as its own layer.
    static func apply(
        _ name: String, _ flavour: KerasFlavour, to blob: String, layerName: String, _ builder: inout NetworkBuilder
    ) -> String {
        if name == "linear" { return blob }
        let activation = params(name, flavour)
        return Activations.activation(blob, name: layerName, &builder) { $0 = activation }
    }
}
