import CoreOps
import Foundation
import ONNXSpec

/// The graph under construction: nodes in order, weights as initializers, and the static shape
/// of every tensor (the batch dimension counted as 1, as the core-op shape rules see it).
///
/// Tensors stay channels-last as in Keras; operators defined on channels-first data are wrapped
/// in transposes, and a transpose that undoes the one before it hands back the earlier tensor
/// (the unused pair is dropped by ``usedParts(outputs:)``).
struct ONNXGraphBuilder {
    let opset: ONNXOpset
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    var shapes: [String: [Int]] = [:]
    private var names: Set<String> = []
    private var transposes: [String: (source: String, perm: [Int])] = [:]
    private var scalars: [Double: String] = [:]
    /// Where large float weights go instead of the graph, when given.
    let spool: ONNXWeightSpool?
    /// Each spooled initializer's bytes in the spool, by name.
    private(set) var spooled: [String: Range<Int>] = [:]
    /// The first failure to write to the spool (reported when the graph is done).
    private(set) var spoolFailure: ONNXConversionError?

    init(opset: ONNXOpset, spool: ONNXWeightSpool? = nil) {
        self.opset = opset
        self.spool = spool
    }

    /// `base`, or `base_N` when a tensor already has that name; the name is taken.
    mutating func unique(_ base: String) -> String {
        var name = base
        var suffix = 1
        while names.contains(name) {
            name = "\(base)_\(suffix)"
            suffix += 1
        }
        names.insert(name)
        return name
    }

    /// Declares a graph input `name` of `shape`.
    mutating func input(_ name: String, shape: [Int]) {
        names.insert(name)
        shapes[name] = shape
    }

    /// Appends an `op` node reading `inputs`; returns its (first) output, named from `name`.
    @discardableResult
    mutating func node(
        _ op: String, _ inputs: [String], name: String, shape: [Int]?, _ attributes: [Onnx_AttributeProto] = []
    ) -> String {
        let output = unique(name)
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = output
        node.input = inputs
        node.output = [output]
        node.attribute = attributes
        nodes.append(node)
        if let shape { shapes[output] = shape }
        return output
    }

    /// Appends an `op` node with `count` outputs named from `name`; returns them.
    mutating func node(
        _ op: String, _ inputs: [String], outputs count: Int, name: String, _ attributes: [Onnx_AttributeProto] = []
    ) -> [String] {
        let outputs = (0..<count).map { unique(count == 1 ? name : "\(name)_\($0)") }
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = outputs[0]
        node.input = inputs
        node.output = outputs
        node.attribute = attributes
        nodes.append(node)
        return outputs
    }

    /// A float initializer of `shape` holding `values` (little-endian raw data).
    mutating func floats(_ values: [Float], shape: [Int], name: String) -> String {
        let output = unique(name)
        var tensor = Onnx_TensorProto()
        tensor.name = output
        tensor.dims = shape.map(Int64.init)
        tensor.dataType = ONNXElementType.float
        let bytes = Self.bytes(values)
        if let spool, bytes.count >= spool.smallest, spoolFailure == nil {
            do {
                let offset = try spool.append(bytes)
                spooled[output] = offset..<offset + bytes.count
            } catch {
                spoolFailure = error
            }
        } else {
            tensor.rawData = bytes
        }
        initializers.append(tensor)
        shapes[output] = shape
        return output
    }

    /// A 1-D int64 initializer (shapes, axes, pads given as inputs).
    mutating func ints(_ values: [Int], name: String) -> String {
        let output = unique(name)
        var tensor = Onnx_TensorProto()
        tensor.name = output
        tensor.dims = [Int64(values.count)]
        tensor.dataType = ONNXElementType.int64
        tensor.int64Data = values.map(Int64.init)
        initializers.append(tensor)
        shapes[output] = [values.count]
        return output
    }

    /// A float scalar (rank 0), shared by every use of the same value.
    mutating func scalar(_ value: Double) -> String {
        if let name = scalars[value] { return name }
        var tensor = Onnx_TensorProto()
        let name = unique("const_\(scalars.count)")
        tensor.name = name
        tensor.dataType = ONNXElementType.float
        tensor.rawData = Self.bytes([Float(value)])
        initializers.append(tensor)
        shapes[name] = []
        scalars[value] = name
        return name
    }

    /// `input` transposed by `perm`; the earlier tensor itself when this undoes its transpose.
    mutating func transpose(_ input: String, perm: [Int], name: String) -> String {
        if perm == Array(perm.indices) { return input }
        if let earlier = transposes[input] {
            let composed = perm.map { earlier.perm[$0] }
            if composed == Array(composed.indices) { return earlier.source }
        }
        let shape = shapes[input].map { shape in perm.map { $0 < shape.count ? shape[$0] : 1 } }
        let output = node("Transpose", [input], name: name, shape: shape, [ONNXAttribute.ints("perm", perm)])
        transposes[output] = (input, perm)
        return output
    }

    /// The nodes and initializers the `outputs` depend on, in order: the rest (transposes that
    /// cancelled, constants no longer read) left out.
    func usedParts(outputs: [String]) -> (nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto]) {
        var needed = Set(outputs)
        var kept: [Onnx_NodeProto] = []
        for node in nodes.reversed() where node.output.contains(where: needed.contains) {
            kept.append(node)
            needed.formUnion(node.input)
        }
        return (kept.reversed(), initializers.filter { needed.contains($0.name) })
    }

    static func bytes(_ values: [Float]) -> Data { LittleEndianFloats.bytes(values) }
}
