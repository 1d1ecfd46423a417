import Foundation
import ONNXSpec
import SwiftProtobuf

/// A converted model whose large weights wait in an ``ONNXWeightSpool``: `spooled` gives each
/// such initializer's bytes in the spool (its `raw_data` in the graph is empty).
public struct ONNXSpooledModel {
    public var proto: Onnx_ModelProto
    public var spooled: [String: Range<Int>]

    /// The bytes of every initializer's raw data, spooled or not.
    var weightBytes: Int {
        proto.graph.initializer.reduce(0) { $0 + (spooled[$1.name]?.count ?? $1.rawData.count) }
    }
}

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

    /// Serializes `proto` in memory; when its initializers hold more than `threshold` bytes, the
    /// raw data of every one moves to `dataFileName` (offsets aligned to 4 KiB).
    public static func serialize(_ proto: Onnx_ModelProto, dataFileName: String, threshold: Int)
        throws(ONNXConversionError) -> ONNXModelFile
    {
        var model = Data()
        var data = Data()
        let spooled = ONNXSpooledModel(proto: proto, spooled: [:])
        let external = needsDataFile(spooled, threshold: threshold)
        try write(
            spooled, spool: nil, dataFileName: dataFileName, threshold: threshold, model: { model.append($0) },
            data: { data.append($0) })
        return ONNXModelFile(
            model: model, data: external ? data : nil, dataFileName: dataFileName, nodes: proto.graph.node.count)
    }

    /// Whether `model`'s weights go to a data file beside it: more than `threshold` bytes.
    public static func needsDataFile(_ model: ONNXSpooledModel, threshold: Int) -> Bool {
        model.weightBytes > threshold
    }

    /// Writes `model` front to back through `model` (and, when ``needsDataFile(_:threshold:)``,
    /// its weights through `data` first), reading spooled weights one at a time, so that memory
    /// stays near the largest tensor. Inside the model, the graph's initializers are framed by
    /// hand around their raw data (protobuf allows a message's fields in any order, so the graph
    /// comes last in the model and the initializers last in the graph).
    public static func write(
        _ converted: ONNXSpooledModel, spool: ONNXWeightSpool?, dataFileName: String, threshold: Int,
        model: (Data) throws -> Void, data: (Data) throws -> Void
    ) throws(ONNXConversionError) {
        var proto = converted.proto
        func raw(_ tensor: Onnx_TensorProto) throws(ONNXConversionError) -> Data {
            guard let range = converted.spooled[tensor.name] else { return tensor.rawData }
            guard let spool else {
                throw ONNXConversionError(
                    layer: "", className: "", message: "\(tensor.name): no spool holds its weights")
            }
            return try spool.read(range)
        }
        do {
            if needsDataFile(converted, threshold: threshold) {
                var end = 0
                for index in proto.graph.initializer.indices {
                    var tensor = proto.graph.initializer[index]
                    guard converted.spooled[tensor.name] != nil || !tensor.rawData.isEmpty else { continue }
                    let bytes = try raw(tensor)
                    let padding = (4096 - end % 4096) % 4096
                    try data(Data(count: padding))
                    end += padding
                    tensor.externalData = [
                        ("location", dataFileName), ("offset", "\(end)"), ("length", "\(bytes.count)"),
                    ]
                    .map { key, value in
                        var entry = Onnx_StringStringEntryProto()
                        entry.key = key
                        entry.value = value
                        return entry
                    }
                    try data(bytes)
                    end += bytes.count
                    tensor.rawData = Data()
                    tensor.dataLocation = .external
                    proto.graph.initializer[index] = tensor
                }
                try model(try proto.serializedBytes())
                return
            }
            guard !converted.spooled.isEmpty else {
                try model(try proto.serializedBytes())
                return
            }
            let initializers = proto.graph.initializer
            var graph = proto.graph
            graph.initializer = []
            proto.clearGraph()
            let graphRest: Data = try graph.serializedBytes()
            let framed = try initializers.map { tensor throws -> (meta: Data, rawCount: Int) in
                (try tensor.serializedBytes(), converted.spooled[tensor.name]?.count ?? 0)
            }
            let graphLength = framed.reduce(graphRest.count) { total, part in
                let length = Self.messageLength(part.meta.count, rawCount: part.rawCount)
                return total + 1 + Self.varint(length).count + length
            }
            try model(try proto.serializedBytes())
            try model(Data([Self.graphTag]) + Self.varint(graphLength))
            try model(graphRest)
            for (tensor, part) in zip(initializers, framed) {
                let length = Self.messageLength(part.meta.count, rawCount: part.rawCount)
                try model(Data([Self.initializerTag]) + Self.varint(length) + part.meta)
                if part.rawCount > 0 {
                    try model(Data([Self.rawDataTag]) + Self.varint(part.rawCount))
                    try model(try raw(tensor))
                }
            }
        } catch let error as ONNXConversionError {
            throw error
        } catch {
            throw ONNXConversionError(layer: "", className: "", message: "cannot write the ONNX model: \(error)")
        }
    }

    /// Field keys (number << 3 | 2, length-delimited): `ModelProto.graph` (7),
    /// `GraphProto.initializer` (5), `TensorProto.raw_data` (9).
    static let graphTag: UInt8 = 7 << 3 | 2
    static let initializerTag: UInt8 = 5 << 3 | 2
    static let rawDataTag: UInt8 = 9 << 3 | 2

    /// A tensor message's length: its other fields, then `raw_data` when it has some.
    private static func messageLength(_ metaCount: Int, rawCount: Int) -> Int {
        rawCount == 0 ? metaCount : metaCount + 1 + varint(rawCount).count + rawCount
    }

    /// `value` as a protobuf varint.
    static func varint(_ value: Int) -> Data {
        var bytes = Data()
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}
