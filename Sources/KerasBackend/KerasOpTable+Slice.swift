import CoreOps
import JSON

extension KerasOpTable {
    /// A strided slice: `tf.strided_slice` for Keras 2; for Keras 3 `keras.ops.slice` (steps of
    /// 1) then `keras.ops.flip` for whole axes read backwards, when the ellipsis and the sliced
    /// dimensions can be resolved. Other slices are reported.
    static func slice(
        _ planner: inout LayerPlanner, _ node: CoreOpGraph.Node, _ operands: [PlanValue]
    ) throws(KerasRewriteFailure) -> PlanValue {
        let attributes = attributes(node)
        let begin = try attributes.ints("begin")
        let end = try attributes.ints("end")
        // No strides means a stride of 1 on every axis.
        let strides = try attributes.intsOrNone("strides") ?? Array(repeating: 1, count: begin.count)
        var masks: [String: Int] = [:]
        for name in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
            masks[name] = try attributes.int(name)
        }
        let mask = { (name: String) in masks[name, default: 0] }
        if planner.dialect == .keras2 {
            return try planner.function(
                tf: "strided_slice", keras: nil, operands[0], node: node, operands: operands,
                keywords: [
                    "begin": ints(begin), "end": ints(end), "strides": ints(strides),
                    "begin_mask": .int(mask("begin_mask")), "end_mask": .int(mask("end_mask")),
                    "ellipsis_mask": .int(mask("ellipsis_mask")), "new_axis_mask": .int(mask("new_axis_mask")),
                    "shrink_axis_mask": .int(mask("shrink_axis_mask")),
                ])
        }
        guard let shape = planner.shape(of: operands[0]), mask("new_axis_mask") == 0, mask("shrink_axis_mask") == 0
        else {
            throw KerasRewriteFailure(
                op: node.op, "Keras 3 has no built-in form for this slice (new or dropped axes, or unknown rank)")
        }
        var spec = SliceSpec(rank: shape.count)
        var axis = 0
        for index in begin.indices {
            if mask("ellipsis_mask") & (1 << index) != 0 {
                axis = shape.count - (begin.count - index - 1)
                continue
            }
            guard axis < shape.count else { throw KerasRewriteFailure(op: node.op, "more indices than dimensions") }
            try spec.set(
                axis: axis, begin: begin[index], end: end[index], stride: strides[index],
                beginMasked: mask("begin_mask") & (1 << index) != 0, endMasked: mask("end_mask") & (1 << index) != 0,
                size: shape[axis], op: node.op)
            axis += 1
        }
        var value = operands[0]
        if spec.starts != Array(repeating: 0, count: shape.count) || spec.sizes.contains(where: { $0 != -1 }) {
            guard spec.starts.first == 0, spec.sizes.first == -1 else {
                throw KerasRewriteFailure(op: node.op, "a slice of the batch axis has no built-in form")
            }
            value = try planner.function(
                tf: nil, keras: "slice", value, node: node, operands: [value],
                keywords: ["start_indices": ints(spec.starts), "shape": ints(spec.sizes)])
        }
        for flipped in spec.flipped {
            value = try planner.function(
                tf: nil, keras: "flip", value, node: node, operands: [value], keywords: ["axis": .int(flipped)])
        }
        if case .layer(let index) = value, let outputShape = planner.shape(of: node, operands) {
            planner.setShape(outputShape, ofLayer: index)
        }
        return value
    }
}

/// A strided slice resolved per axis into a start, a size (-1: to the end) and whole-axis flips.
private struct SliceSpec {
    var starts: [Int]
    var sizes: [Int]
    var flipped: [Int] = []

    init(rank: Int) {
        starts = Array(repeating: 0, count: rank)
        sizes = Array(repeating: -1, count: rank)
    }

    mutating func set(
        axis: Int, begin: Int, end: Int, stride: Int, beginMasked: Bool, endMasked: Bool, size: Int?, op: String
    ) throws(KerasRewriteFailure) {
        switch stride {
        case -1 where beginMasked && endMasked:
            flipped.append(axis)
        case 1:
            var start = beginMasked ? 0 : begin
            if start < 0 {
                guard let size else { throw KerasRewriteFailure(op: op, "a negative index on an unknown dimension") }
                start += size
            }
            starts[axis] = max(0, start)
            if endMasked {
                sizes[axis] = start == 0 ? -1 : (size.map { $0 - start } ?? -1)
                if start != 0, size == nil {
                    throw KerasRewriteFailure(op: op, "a slice to the end of an unknown dimension")
                }
            } else {
                var stop = end
                if stop < 0 {
                    guard let size else {
                        throw KerasRewriteFailure(op: op, "a negative index on an unknown dimension")
                    }
                    stop += size
                }
                if let size { stop = min(stop, size) }
                sizes[axis] = max(0, stop - starts[axis])
            }
        default:
            throw KerasRewriteFailure(op: op, "Keras 3 has no built-in form for a step of \(stride)")
        }
    }
}
