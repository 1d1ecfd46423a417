import CoreMLSpec
import SwiftProtobuf

/// A converted model ready to write.
public typealias CoreMLSpecModel = CoreML_Specification_Model

extension CoreML_Specification_Model {
    /// The `.mlmodel` file's bytes.
    public func fileBytes() throws(CoreMLConversionError) -> [UInt8] {
        do {
            return try serializedBytes()
        } catch {
            throw CoreMLConversionError(layer: "", className: "", message: "cannot serialize the model: \(error)")
        }
    }

    /// The number of neural-network layers.
    public var layerCount: Int { neuralNetwork.layers.count }
}
