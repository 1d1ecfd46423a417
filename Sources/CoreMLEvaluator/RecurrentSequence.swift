import CoreMLSpec
import CoreOps
import Foundation

/// What the classic recurrent layers share: the `[Seq, Batch, C, 1, 1]` blobs they read and
/// write, the optional initial states, the clipped affine gate inputs and the activations the
/// specification allows them.
struct RecurrentSequence {
    /// The input blob.
    let input: Tensor
    /// The vector size of one time step.
    let size: Int

    var steps: Int { input.shape[0] }
    var batch: Int { input.shape[1] }

    /// The layer's first input, checked to be `[Seq, Batch, size, 1, 1]`.
    init(_ input: Tensor, size: Int, _ context: LayerContext) throws(CoreMLEvaluationError) {
        guard input.rank == 5, input.shape[3] == 1, input.shape[4] == 1 else {
            throw context.fail(.wrongRank(expected: "rank 5 [Seq, Batch, C, 1, 1]", shape: input.shape))
        }
        guard input.shape[2] == size else {
            throw context.fail(.shapeMismatch("input \(input.shape) has not \(size) channels (inputVectorSize)"))
        }
        self.input = input
        self.size = size
    }

    /// The input vector of one batch item at one time step.
    func vector(step: Int, item: Int) -> ArraySlice<Double> {
        let start = (step * batch + item) * size
        return input.values[start..<(start + size)]
    }

    /// The time steps in the order the layer visits them: last to first when `reverse` is set.
    func order(reverse: Bool) -> [Int] {
        reverse ? Array((0..<steps).reversed()) : Array(0..<steps)
    }

    /// The initial state held by input `index` (`[1, Batch, units, 1, 1]`), one vector per batch
    /// item; zeros when the layer has no such input.
    func initialState(_ index: Int, units: Int, _ context: LayerContext) throws(CoreMLEvaluationError) -> [[Double]] {
        guard context.inputs.indices.contains(index) else {
            return Array(repeating: Array(repeating: 0, count: units), count: batch)
        }
        let state = context.inputs[index]
        guard state.count == batch * units else {
            throw context.fail(
                .shapeMismatch("initial state \(index) has shape \(state.shape), expected \(batch)x\(units)"))
        }
        return (0..<batch).map { Array(state.values[($0 * units)..<(($0 + 1) * units)]) }
    }

    /// The output blob: `[Seq, Batch, units, 1, 1]` with each item's outputs in the order they were
    /// computed when `sequence`, else `[1, Batch, units, 1, 1]` with each item's last output.
    static func output(
        _ outputs: [[[Double]]], sequence: Bool, units: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> Tensor {
        let batch = outputs.count
        let steps = sequence ? (outputs.first?.count ?? 0) : 1
        var values = [Double](repeating: 0, count: steps * batch * units)
        for (item, itemOutputs) in outputs.enumerated() {
            let kept = sequence ? itemOutputs : Array(itemOutputs.suffix(1))
            for (step, vector) in kept.enumerated() {
                let start = (step * batch + item) * units
                values.replaceSubrange(start..<(start + units), with: vector)
            }
        }
        return try context.tensor(shape: [steps, batch, units, 1, 1], values: values)
    }

    /// A final state as the `[1, Batch, units, 1, 1]` blob of an extra output.
    static func state(_ vectors: [[Double]], units: Int, _ context: LayerContext) throws(CoreMLEvaluationError)
        -> Tensor
    {
        try context.tensor(shape: [1, vectors.count, units, 1, 1], values: vectors.flatMap { $0 })
    }
}

/// One gate's parameters: `W` (`[units, inputs]`, row-major), `R` (`[units, units]`), and the
/// bias `b` (zero when the layer has none).
struct RecurrentGate {
    let input: [Double]
    let recursion: [Double]
    var bias: [Double]

    /// Reads a gate's weights, checking their sizes.
    init(
        input: CoreML_Specification_WeightParams, recursion: CoreML_Specification_WeightParams,
        bias: CoreML_Specification_WeightParams?, name: String, inputs: Int, units: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) {
        let prefix = name.isEmpty ? "" : name + " "
        self.input = try context.weights(input, prefix + "weight matrix", count: units * inputs)
        self.recursion = try context.weights(recursion, prefix + "recursion matrix", count: units * units)
        if let bias {
            self.bias = try context.weights(bias, prefix + "bias vector", count: units)
        } else {
            self.bias = Array(repeating: 0, count: units)
        }
    }

    /// `clip(W x + R h + extra + b)`, with the clip to [-50, 50] the specification applies
    /// before every gate activation.
    func preactivation(_ x: ArraySlice<Double>, _ h: [Double], extra: [Double]? = nil) -> [Double] {
        let (units, inputs) = (bias.count, x.count)
        return (0..<units).map { unit in
            var total = bias[unit] + (extra?[unit] ?? 0)
            for (k, value) in x.enumerated() { total += input[unit * inputs + k] * value }
            for (k, value) in h.enumerated() { total += recursion[unit * units + k] * value }
            return Swift.min(Swift.max(total, -50), 50)
        }
    }
}

/// The activations the recurrent layers accept: linear, sigmoid, tanh, ReLU, scaled tanh and
/// hard sigmoid (the list in the layers' documentation).
enum RecurrentActivation {
    static func function(
        _ params: CoreML_Specification_ActivationParams, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> @Sendable (Double) -> Double {
        switch params.nonlinearityType {
        case .linear(let p)?:
            let (alpha, beta) = (Double(p.alpha), Double(p.beta))
            return { alpha * $0 + beta }
        case .sigmoid?: return { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh?: return { Foundation.tanh($0) }
        case .reLu?: return { Swift.max(0, $0) }
        case .scaledTanh(let p)?:
            let (alpha, beta) = (Double(p.alpha), Double(p.beta))
            return { alpha * Foundation.tanh(beta * $0) }
        case .sigmoidHard(let p)?:
            let (alpha, beta) = (Double(p.alpha), Double(p.beta))
            return { Swift.min(Swift.max(alpha * $0 + beta, 0), 1) }
        case nil:
            throw context.fail(.invalidParameter("an activation has no non-linearity set"))
        default:
            throw context.fail(.unsupported("recurrent activation \(String(describing: params.nonlinearityType))"))
        }
    }

    /// The `count` activations of a layer's `activations` list, in order.
    static func functions(
        _ list: [CoreML_Specification_ActivationParams], count: Int, _ context: LayerContext
    ) throws(CoreMLEvaluationError) -> [@Sendable (Double) -> Double] {
        guard list.count == count else {
            throw context.fail(.invalidParameter("expected \(count) activations, got \(list.count)"))
        }
        var functions: [@Sendable (Double) -> Double] = []
        for params in list { functions.append(try function(params, context)) }
        return functions
    }
}
