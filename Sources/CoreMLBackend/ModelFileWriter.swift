import CoreMLSpec
import SwiftProtobuf

/// A destination for a model file's bytes: appended in order, earlier bytes patched in place.
public protocol ModelOutput: AnyObject {
    func append(_ bytes: [UInt8]) throws
    func overwrite(at offset: Int, with bytes: [UInt8]) throws
}

/// Writes a `Model` message layer by layer. The protobuf wire format puts each message's length
/// before its body, so the network's length is written as a five-byte varint placeholder
/// (`0x80 0x80 0x80 0x80 0x00`, a valid non-minimal encoding every protobuf reader accepts) and
/// patched once the last layer is out; the specification version, one byte, likewise.
///
/// File order: `specificationVersion` (1), `neuralNetwork` (500) or `neuralNetworkClassifier`
/// (403), `description` (2), whose outputs are only known at the end. Protobuf readers accept
/// fields in any order. The two network messages number their layers and the fields beside them
/// alike, so layers are framed the same way in both; the classifier's labels come with the rest.
struct ModelFileWriter {
    private let output: any ModelOutput
    private(set) var written = 0
    private var networkStart = 0
    private static let versionOffset = 1
    private static let lengthOffset = 4
    /// Field 500, length-delimited: (500 << 3) | 2 as a varint.
    private static let networkKey: [UInt8] = [0xA2, 0x1F]
    /// Field 403, length-delimited: (403 << 3) | 2 as a varint.
    private static let classifierKey: [UInt8] = [0x9A, 0x19]

    /// Starts a model whose network is a classifier's when `classifier` is set.
    init(_ output: any ModelOutput, classifier: Bool = false) throws(CoreMLConversionError) {
        self.output = output
        // Field 1 (varint) = the floor version, patched in `finish`.
        try write([0x08, UInt8(SpecificationVersion.exactArrayMapping)])
        try write((classifier ? Self.classifierKey : Self.networkKey) + Self.paddedVarint(0))
        networkStart = written
    }

    /// One layer, as the network's field 1 entry.
    mutating func append(_ layer: CoreML_Specification_NeuralNetworkLayer) throws(CoreMLConversionError) {
        var network = CoreML_Specification_NeuralNetwork()
        network.layers = [layer]
        try write(try Self.bytes(of: network))
    }

    /// The network's other fields and the rest of the model (`envelope` holds no layers).
    mutating func finish(_ envelope: CoreML_Specification_Model) throws(CoreMLConversionError) {
        if case .neuralNetworkClassifier(let classifier)? = envelope.type {
            try write(try Self.bytes(of: classifier))
        } else {
            try write(try Self.bytes(of: envelope.neuralNetwork))
        }
        let length = written - networkStart
        guard length < 1 << 31 else {
            throw CoreMLConversionError(
                layer: "", className: "", message: "the network is \(length) bytes, over protobuf's 2 GiB limit")
        }
        try patch(at: Self.lengthOffset, Self.paddedVarint(length))
        try patch(at: Self.versionOffset, [UInt8(envelope.specificationVersion)])
        var rest = CoreML_Specification_Model()
        rest.description_p = envelope.description_p
        try write(try Self.bytes(of: rest))
    }

    /// `value` as a varint of exactly five bytes.
    static func paddedVarint(_ value: Int) -> [UInt8] {
        (0..<5).map { index in
            let group = UInt8((value >> (7 * index)) & 0x7F)
            return index < 4 ? group | 0x80 : group
        }
    }

    private static func bytes(of message: some SwiftProtobuf.Message) throws(CoreMLConversionError) -> [UInt8] {
        do {
            // Map fields (the metadata's userDefined) in key order: the same model gives the same
            // bytes in every run, whatever order Swift's per-process hashing puts them in.
            var options = BinaryEncodingOptions()
            options.useDeterministicOrdering = true
            return try message.serializedBytes(partial: false, options: options)
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot serialize the model: \(error)")
        }
    }

    private mutating func write(_ bytes: [UInt8]) throws(CoreMLConversionError) {
        do {
            try output.append(bytes)
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot write the model: \(error)")
        }
        written += bytes.count
    }

    private func patch(at offset: Int, _ bytes: [UInt8]) throws(CoreMLConversionError) {
        do {
            try output.overwrite(at: offset, with: bytes)
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot write the model: \(error)")
        }
    }
}
