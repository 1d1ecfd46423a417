import JSON
import KerasModel

/// What a layer converter works with: the layer, the tensors holding its inputs, its weights.
struct MILLayerContext {
    let layer: Layer
    let inputs: [String]
    let weights: [[Float]]
    let weightShapes: [[Int]]
    /// Where each weight is stored in the file: shares the constants of a layer called twice.
    let weightKeys: [String]
    /// The Keras family that wrote the file (some activations changed meaning in Keras 3).
    var flavour: KerasFlavour = .keras2

    var config: JSONObject { layer.config }
    var name: String { layer.name }

    func int(_ key: String) -> Int? { config[key]?.int }
    func string(_ key: String) -> String? { config[key]?.string }
    func double(_ key: String) -> Double? { config[key]?.double }
    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = config[key] { return value }
        return nil
    }

    /// The first input, or a failure naming the layer.
    func input() throws(MLProgramConversionError) -> String {
        guard let input = inputs.first else { throw failure("no input") }
        return input
    }

    /// Ints such as `kernel_size`, `strides`: a list of `count`, or one int for all; `value` when
    /// absent. Zero or negative sizes are refused, as a default would convert another layer.
    func positive(_ key: String, count: Int, default value: [Int]) throws(MLProgramConversionError) -> [Int] {
        guard let stored = config[key], !stored.isNull else { return value }
        let items = stored.array.map { $0.compactMap(\.int) } ?? stored.int.map { Array(repeating: $0, count: count) }
        guard let items, items.count == count, stored.array.map({ $0.count == count }) ?? true,
            items.allSatisfy({ $0 > 0 })
        else { throw failure("'\(key)' must be \(count == 1 ? "a positive integer" : "\(count) positive integers")") }
        return items
    }

    /// A (before, after) pair per spatial axis from `padding` / `cropping` configs: one int, a
    /// list of ints (symmetric), or a list of pairs.
    func pairs(_ key: String, count: Int) throws(MLProgramConversionError) -> [(Int, Int)] {
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

    func failure(_ message: String) -> MLProgramConversionError {
        MLProgramConversionError(layer: layer.name, className: layer.className, message: message)
    }
}
