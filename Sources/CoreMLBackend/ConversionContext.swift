import CoreMLSpec
import HDF5
import JSON
import KerasModel

/// What a layer converter works with: the layer, the blobs holding its inputs, its weights.
struct ConversionContext {
    let layer: Layer
    let inputs: [String]
    let weights: [[Float]]
    let weightShapes: [[Int]]
    /// The Keras family that wrote the file (some activations changed meaning in Keras 3).
    var flavour: KerasFlavour = .keras2

    var config: JSONObject { layer.config }

    func int(_ key: String) -> Int? { config[key]?.int }
    func string(_ key: String) -> String? { config[key]?.string }
    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = config[key] { return value }
        return nil
    }

    /// An int pair such as `kernel_size`, `strides` (or one int for both).
    func pair(_ key: String, default value: [Int]) -> [Int] {
        if let items = config[key]?.array?.compactMap(\.int), items.count == 2 { return items }
        if let single = config[key]?.int { return [single, single] }
        return value
    }

    /// A pair of positive ints such as `strides`, `pool_size` (or one int for both); `value` when
    /// the key is absent or null. Anything else (zero, a negative, a string) is refused rather than
    /// replaced by the default: a window of 0 divides by zero, and a default would convert a
    /// different layer from the one the file describes.
    func positivePair(_ key: String, default value: [Int]) throws(CoreMLConversionError) -> [Int] {
        guard let stored = config[key], !stored.isNull else { return value }
        let items = stored.array.map { $0.compactMap(\.int) } ?? stored.int.map { [$0, $0] }
        guard let items, items.count == 2, stored.array.map({ $0.count == 2 }) ?? true, items.allSatisfy({ $0 > 0 })
        else {
            throw KerasLayerConverters.failure(
                self, "'\(key)' must be one or two positive integers, not \(Self.text(of: stored))")
        }
        return items
    }

    /// A config value as the file spells it, cut at 60 characters, for messages.
    static func text(of value: JSONValue) -> String {
        let text = JSONWriter(style: .python).string(value)
        return text.count > 60 ? text.prefix(60) + "..." : text
    }
}

/// A layer or model the converter cannot express, named by layer and class.
public struct CoreMLConversionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var layer: String
    public var className: String
    public var message: String

    public init(layer: String, className: String, message: String) {
        self.layer = layer
        self.className = className
        self.message = message
    }

    public var description: String { layer.isEmpty ? message : "layer '\(layer)' (\(className)): \(message)" }
}
