import CoreMLSpec
import CoreOps

/// What a layer evaluator sees: the layer's identity (for errors), its input tensors and
/// helpers that check shapes and decode weights, failing with errors that name the layer.
struct LayerContext {
    /// The layer's name.
    let name: String
    /// The layer's kind, as spelled in the Swift oneof.
    let kind: String
    /// The layer's position in the network.
    let index: Int
    /// The layer's input tensors, in order.
    let inputs: [Tensor]
    /// How many outputs the layer declares.
    let outputCount: Int

    /// An error about this layer.
    func fail(_ problem: CoreMLEvaluationError.Problem) -> CoreMLEvaluationError {
        CoreMLEvaluationError(layer: name, kind: kind, index: index, problem: problem)
    }

    /// The inputs, checked to number within `allowed`.
    func inputs(_ allowed: ClosedRange<Int>) throws(CoreMLEvaluationError) -> [Tensor] {
        guard allowed.contains(inputs.count) else {
            let wanted = allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed)"
            throw fail(.wrongArity("expected \(wanted) inputs, got \(inputs.count)"))
        }
        return inputs
    }

    /// The single input of a one-input layer.
    func single() throws(CoreMLEvaluationError) -> Tensor {
        try inputs(1...1)[0]
    }

    /// The single input, checked to have at least `rank` dimensions.
    func single(minimumRank rank: Int) throws(CoreMLEvaluationError) -> Tensor {
        let input = try single()
        try require(input, minimumRank: rank)
        return input
    }

    /// Checks that a tensor has at least `rank` dimensions.
    func require(_ tensor: Tensor, minimumRank rank: Int) throws(CoreMLEvaluationError) {
        guard tensor.rank >= rank else {
            throw fail(.wrongRank(expected: "rank >= \(rank)", shape: tensor.shape))
        }
    }

    /// A tensor from values computed for `shape`, with a shape failure reported against this layer.
    func tensor(shape: [Int], values: [Double]) throws(CoreMLEvaluationError) -> Tensor {
        do {
            return try Tensor(shape: shape, values: values)
        } catch {
            throw fail(.shapeMismatch(error.message))
        }
    }

    /// Runs a `CoreOps` tensor operation, reporting its failure against this layer.
    func shapes<T>(_ body: () throws(CoreOpError) -> T) throws(CoreMLEvaluationError) -> T {
        do {
            return try body()
        } catch {
            throw fail(.shapeMismatch(error.message))
        }
    }

    /// An axis in `0..<rank` from a possibly negative one.
    func axis(_ axis: Int64, rank: Int) throws(CoreMLEvaluationError) -> Int {
        let value = Int(axis)
        guard value >= -rank && value < rank else {
            throw fail(.invalidParameter("axis \(axis) out of range for rank \(rank)"))
        }
        return value < 0 ? value + rank : value
    }

    /// The decoded values of a weight blob, checked to number exactly `count`.
    func weights(
        _ blob: CoreML_Specification_WeightParams, _ label: String, count: Int
    ) throws(CoreMLEvaluationError) -> [Double] {
        let values = try WeightDecoder.values(of: blob, label: label, context: self)
        guard values.count == count else {
            throw fail(.weightCountMismatch(weights: label, expected: count, got: values.count))
        }
        return values
    }

    /// The decoded values of a weight blob that holds either one value or `count` values
    /// (per-channel parameters), expanded to `count`.
    func weights(
        _ blob: CoreML_Specification_WeightParams, _ label: String, oneOr count: Int
    ) throws(CoreMLEvaluationError) -> [Double] {
        let values = try WeightDecoder.values(of: blob, label: label, context: self)
        if values.count == 1 { return [Double](repeating: values[0], count: count) }
        guard values.count == count else {
            throw fail(.weightCountMismatch(weights: label, expected: count, got: values.count))
        }
        return values
    }
}
