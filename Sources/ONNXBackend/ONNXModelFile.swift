import Foundation
import ONNXSpec
import SwiftProtobuf

/// An ONNX model serialized for writing: the model's bytes and, when its weights are too large
/// for one protobuf message, the bytes of the data file beside it that holds them.
public struct ONNXModelFile: Sendable {
    public var model: Data
    /// The external data, to be written as `dataFileName` in the model's folder; nil when every
    /// tensor is inside the model.
    public var data: Data?
    public var dataFileName: String
    /// The number of nodes of the graph.
    public var nodes: Int

    /// Serializes `proto`; when its initializers hold more than `threshold` bytes, the raw data of
    /// every one moves to `dataFileName` (offsets aligned to 4 KiB).
    public static func serialize(_ proto: Onnx_ModelProto, dataFileName: String, threshold: Int)
        throws(ONNXConversionError) -> ONNXModelFile
    {
        var proto = proto
        var data: Data?
        let total = proto.graph.initializer.reduce(0) { $0 + $1.rawData.count }
        if total > threshold {
            var external = Data()
            for index in proto.graph.initializer.indices where !proto.graph.initializer[index].rawData.isEmpty {
                let padding = (4096 - external.count % 4096) % 4096
                external.append(Data(count: padding))
                var tensor = proto.graph.initializer[index]
                let entries = [
                    ("location", dataFileName), ("offset", "\(external.count)"), ("length", "\(tensor.rawData.count)"),
                ]
                external.append(tensor.rawData)
                tensor.rawData = Data()
                tensor.dataLocation = .external
                tensor.externalData = entries.map { key, value in
                    var entry = Onnx_StringStringEntryProto()
                    entry.key = key
                    entry.value = value
                    return entry
                }
                proto.graph.initializer[index] = tensor
            }
            data = external
        }
        do {
            let bytes: Data = try proto.serializedBytes()
            return ONNXModelFile(model: bytes, data: data, dataFileName: dataFileName, nodes: proto.graph.node.count)
        } catch {
            throw ONNXConversionError(layer: "", className: "", message: "cannot serialize the ONNX model: \(error)")
        }
    }
}
