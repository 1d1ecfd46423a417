import CoreOps
import ONNXSpec

/// Nodes several converters and lowerings build, written once with the opset's signatures.
extension ONNXGraphBuilder {
    /// An elementwise node of two broadcast operands.
    mutating func binary(_ op: String, _ lhs: String, _ rhs: String, name: String) -> String {
        let shape = broadcast(shapes[lhs], shapes[rhs])
        return node(op, [lhs, rhs], name: name, shape: shape)
    }

    /// An elementwise node of one operand.
    mutating func unary(_ op: String, _ input: String, name: String, _ attributes: [Onnx_AttributeProto] = []) -> String
    {
        node(op, [input], name: name, shape: shapes[input], attributes)
    }

    /// `op` (ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd) over `axes` (nil: all),
    /// with axes given as an input or an attribute as the opset wants.
    mutating func reduce(_ op: String, _ input: String, axes: [Int]?, keepDims: Bool, name: String) -> String {
        let rank = shapes[input]?.count
        let normalized = axes.map { list in list.map { $0 < 0 ? $0 + (rank ?? 0) : $0 } }
        var shape: [Int]? = nil
        if let inputShape = shapes[input] {
            let reduced = Set(normalized ?? Array(inputShape.indices))
            shape = inputShape.indices.compactMap { reduced.contains($0) ? (keepDims ? 1 : nil) : inputShape[$0] }
        }
        let keep = ONNXAttribute.int("keepdims", keepDims ? 1 : 0)
        guard let normalized else { return node(op, [input], name: name, shape: shape, [keep]) }
        if op == "ReduceSum" || opset.reductionAxesAsInput {
            let axesTensor = ints(normalized, name: name + "_axes")
            return node(op, [input, axesTensor], name: name, shape: shape, [keep])
        }
        return node(op, [input], name: name, shape: shape, [keep, ONNXAttribute.ints("axes", normalized)])
    }

    /// `input` with size-1 dimensions inserted at `axes` (of the result).
    mutating func unsqueeze(_ input: String, axes: [Int], name: String) -> String {
        var shape = shapes[input]
        if var known = shape {
            let rank = known.count + axes.count
            for axis in axes.map({ $0 < 0 ? $0 + rank : $0 }).sorted() where axis <= known.count {
                known.insert(1, at: axis)
            }
            shape = known
        }
        return node("Unsqueeze", [input, ints(axes, name: name + "_axes")], name: name, shape: shape)
    }

    /// `input` in `shape` (0 copies the input's dimension, -1 is inferred); `staticShape` is the
    /// result with the batch as 1, when known.
    mutating func reshape(_ input: String, to shape: [Int], staticShape: [Int]?, name: String) -> String {
        node("Reshape", [input, ints(shape, name: name + "_shape")], name: name, shape: staticShape)
    }

    /// A Slice of `input` along `axes` from `starts` to `ends` by `steps`.
    mutating func slice(
        _ input: String, starts: [Int], ends: [Int], axes: [Int], steps: [Int]? = nil, name: String, shape: [Int]?
    ) -> String {
        var operands = [
            input, ints(starts, name: name + "_starts"), ints(ends, name: name + "_ends"),
            ints(axes, name: name + "_axes"),
        ]
        if let steps { operands.append(ints(steps, name: name + "_steps")) }
        return node("Slice", operands, name: name, shape: shape)
    }

    /// `input` cast to float 1.0 / 0.0 from a boolean.
    mutating func floatFromBool(_ input: String, name: String) -> String {
        node("Cast", [input], name: name, shape: shapes[input], [ONNXAttribute.int("to", Int(ONNXElementType.float))])
    }

    /// NumPy's broadcast of two static shapes, when both are known.
    func broadcast(_ lhs: [Int]?, _ rhs: [Int]?) -> [Int]? {
        guard let lhs, let rhs else { return nil }
        let rank = max(lhs.count, rhs.count)
        let left = Array(repeating: 1, count: rank - lhs.count) + lhs
        let right = Array(repeating: 1, count: rank - rhs.count) + rhs
        return zip(left, right).map { $0 == 1 ? $1 : $0 }
    }
}
