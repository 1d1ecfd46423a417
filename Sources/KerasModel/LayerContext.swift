import JSON

/// What a layer converter works with: the layer, the tensors holding its inputs, its weights,
/// and typed reads of its config whose failures are the backend's own error (`Failure`). The
/// ONNX and ML Program converters both read layers through it.
public struct LayerContext<Failure: LayerConversionFailure> {
    public let layer: Layer
    public let inputs: [String]
    public let weights: [[Float]]
    public let weightShapes: [[Int]]
    /// Where each weight is stored in the file: shares the constants of a layer called twice.
    public let weightKeys: [String]
    /// The Keras family that wrote the file (some activations changed meaning in Keras 3).
    public var flavour: KerasFlavour

    public init(
        layer: Layer, inputs: [String], weights: [[Float]], weightShapes: [[Int]], weightKeys: [String] = [],
        flavour: KerasFlavour = .keras2
    ) {
        self.layer = layer
        self.inputs = inputs
        self.weights = weights
        self.weightShapes = weightShapes
        self.weightKeys = weightKeys
        self.flavour = flavour
    }

    public var config: JSONObject { layer.config }
    public var name: String { layer.name }

    public func int(_ key: String) -> Int? { config[key]?.int }
    public func string(_ key: String) -> String? { config[key]?.string }
    public func double(_ key: String) -> Double? { config[key]?.double }
    public func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = config[key] { return value }
        return nil
    }

    /// The first input, or a failure naming the layer.
    public func input() throws(Failure) -> String {
        guard let input = inputs.first else { throw failure("no input") }
        return input
    }

    /// Ints such as `kernel_size`, `strides`: a list of `count`, or one int for all; `value` when
    /// absent. Zero or negative sizes are refused, as a default would convert another layer.
    public func positive(_ key: String, count: Int, default value: [Int]) throws(Failure) -> [Int] {
        guard let stored = config[key], !stored.isNull else { return value }
        let items = stored.array.map { $0.compactMap(\.int) } ?? stored.int.map { Array(repeating: $0, count: count) }
        guard let items, items.count == count, stored.array.map({ $0.count == count }) ?? true,
            items.allSatisfy({ $0 > 0 })
        else { throw failure("'\(key)' must be \(count == 1 ? "a positive integer" : "\(count) positive integers")") }
        return items
    }

    /// A (before, after) pair per spatial axis from `padding` / `cropping` configs: one int, a
    /// list of ints (symmetric), or a list of pairs.
    public func pairs(_ key: String, count: Int) throws(Failure) -> [(Int, Int)] {
        let stored = config[key]
        if let single = stored?.int { return Array(repeating: (single, single), count: count) }
        guard let items = stored?.array, items.count == count || (count == 1 && items.count == 2) else {
            throw failure("'\(key)' must give \(count) pair(s) of integers")
        }
        if count == 1, items.count == 2, let before = items[0].int, let after = items[1].int {
            return [(before, after)]
        }
        var result: [(Int, Int)] = []
        for item in items {
            if let single = item.int {
                result.append((single, single))
            } else if let pair = item.array?.compactMap(\.int), pair.count == 2 {
                result.append((pair[0], pair[1]))
            } else {
                throw failure("'\(key)' must give \(count) pair(s) of integers")
            }
        }
        return result
    }

    public func failure(_ message: String) -> Failure {
        Failure(layer: layer.name, className: layer.className, message: message)
    }
}

extension LayerContext {
    /// The Bidirectional wrapper this context converts, read once for every backend; a failure
    /// naming the layer when its config or weights do not fit.
    public func bidirectionalWeights() throws(Failure) -> BidirectionalWeights {
        do {
            return try BidirectionalWeights(config: config, weights: weights, shapes: weightShapes)
        } catch {
            throw failure(error.message)
        }
    }
}
