import CoreOps
import Foundation
import HDF5
import KerasModel
import ONNXSpec

/// Converts a whole Keras model, whose Lambdas have been rewritten into core-op graphs, into an
/// ONNX model.
///
/// Interface: each Keras input becomes a float input of the Keras name and shape, the batch
/// dimension symbolic (`batch`); each Keras output an output of its layer's name. Tensors stay
/// channels-last (NHWC) as in Keras: convolutions and pooling are wrapped in transposes, and a
/// transpose that undoes the previous one is dropped.
public struct ONNXConverter {
    let model: KerasModel
    let lambdas: [String: CoreOpGraph]
    let file: HDF5File
    let options: ONNXConversionOptions
    let spool: ONNXWeightSpool?

    /// Converts `model`; `lambdas` holds the core-op graph of every Lambda-like layer by name.
    /// Every weight is inside the returned model.
    /// - Throws: ``ONNXConversionError`` naming every layer or op that cannot be expressed.
    public static func convert(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: ONNXConversionOptions = .init()
    ) throws(ONNXConversionError) -> Onnx_ModelProto {
        try convert(model, lambdas: lambdas, options: options, spool: nil).proto
    }

    /// Converts `model` with its large weights written to `spool` as they are read (the model
    /// records where each one is); ``ONNXModelFile`` writes the whole.
    public static func convert(
        _ model: KerasModel, lambdas: [String: CoreOpGraph], options: ONNXConversionOptions,
        spool: ONNXWeightSpool?
    ) throws(ONNXConversionError) -> ONNXSpooledModel {
        let file: HDF5File
        do {
            file = try model.openWeights()
        } catch {
            throw ONNXConversionError(layer: "", className: "", message: "cannot reopen \(model.file): \(error)")
        }
        return try ONNXConverter(model: model, lambdas: lambdas, file: file, options: options, spool: spool).build()
    }

    private func build() throws(ONNXConversionError) -> ONNXSpooledModel {
        var builder = ONNXGraphBuilder(opset: options.opset, spool: spool)
        var graph = Onnx_GraphProto()
        graph.name = model.graph.name.isEmpty ? "model" : model.graph.name
        var tensors: [TensorReference: String] = [:]
        for input in model.graph.inputs {
            let shape = try inputShape(of: input.layer)
            builder.input(input.layer, shape: [1] + shape)
            tensors[input] = input.layer
            let symbolic = options.symbolicDimensions[input.layer] ?? [:]
            graph.input.append(
                Self.valueInfo(input.layer, dimensions: [nil] + shape, names: symbolic))
        }
        var failures: [ONNXConversionError] = []
        let shapes = ShapeInference(graph: model.graph)
        convert(model.graph, shapes: shapes, tensors: &tensors, builder: &builder, failures: &failures)
        guard failures.isEmpty else {
            throw ONNXConversionError(
                layer: "", className: "", message: failures.map(\.description).joined(separator: "; "))
        }
        var outputs: [String] = []
        for output in model.graph.outputs {
            guard var tensor = tensors[output] else {
                throw ONNXConversionError(layer: output.layer, className: "", message: "output was not computed")
            }
            let name = output.layer
            if tensor != name || outputs.contains(name) || graph.input.contains(where: { $0.name == name }) {
                tensor = builder.node("Identity", [tensor], name: name, shape: builder.shapes[tensor])
            }
            outputs.append(tensor)
            let declared = shapes.shape(of: output)?.dimensions.dropFirst()
            var known = declared.map { Array($0) } ?? (builder.shapes[tensor] ?? []).dropFirst().map(Optional.some)
            // Sizes that follow from symbolic inputs are not declared.
            if !options.symbolicDimensions.isEmpty { known = known.map { _ in nil } }
            graph.output.append(Self.valueInfo(tensor, dimensions: [nil] + known))
        }
        if let failure = builder.spoolFailure { throw failure }
        let parts = builder.usedParts(outputs: outputs)
        graph.node = parts.nodes
        graph.initializer = parts.initializers
        let kept = Set(parts.initializers.map(\.name))
        return ONNXSpooledModel(proto: envelope(graph), spooled: builder.spooled.filter { kept.contains($0.key) })
    }

    private func envelope(_ graph: Onnx_GraphProto) -> Onnx_ModelProto {
        var proto = Onnx_ModelProto()
        proto.irVersion = options.opset.irVersion
        proto.producerName = "delambda"
        proto.producerVersion = options.metadata["delambda.version"] ?? ""
        proto.docString = options.description
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Int64(options.opset.version)
        proto.opsetImport = [opset]
        proto.metadataProps = options.metadata.sorted { $0.key < $1.key }.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        proto.graph = graph
        return proto
    }

    /// The Keras input's declared shape without the batch dimension.
    private func inputShape(of name: String) throws(ONNXConversionError) -> [Int] {
        guard let layer = model.graph.layer(named: name) else {
            throw ONNXConversionError(layer: name, className: "InputLayer", message: "no such input layer")
        }
        let declared =
            layer.config["batch_input_shape"]?.array ?? layer.config["batch_shape"]?.array
            ?? layer.config["batchInputShape"]?.array ?? []
        var shape: [Int] = []
        for dimension in declared.dropFirst() {
            guard let size = dimension.int else {
                throw ONNXConversionError(
                    layer: name, className: "InputLayer", message: "dimensions other than the batch must be known")
            }
            shape.append(size)
        }
        return shape
    }

    /// A float tensor's name and shape; nil dimensions are the symbolic batch first, unknown after.
    /// `names` gives the `dim_param` of symbolic dimensions by axis.
    static func valueInfo(_ name: String, dimensions: [Int?], names: [Int: String] = [:]) -> Onnx_ValueInfoProto {
        var shape = Onnx_TensorShapeProto()
        for (index, size) in dimensions.enumerated() {
            var dimension = Onnx_TensorShapeProto.Dimension()
            if let symbol = names[index] {
                dimension.dimParam = symbol
            } else if let size {
                dimension.dimValue = Int64(size)
            } else if index == 0 {
                dimension.dimParam = "batch"
            }
            shape.dim.append(dimension)
        }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = ONNXElementType.float
        tensor.shape = shape
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}
