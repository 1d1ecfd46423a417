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
    /// The Keras that wrote the file: a few definitions changed between versions (hard_sigmoid).
    var flavour: KerasFlavour = .unknown

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
}

/// A layer or model the converter cannot express, named by layer and class.
public struct CoreMLConversionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var layer: String
    public var className: String
    public var message: String

    public var description: String { layer.isEmpty ? message : "layer '\(layer)' (\(className)): \(message)" }
}
