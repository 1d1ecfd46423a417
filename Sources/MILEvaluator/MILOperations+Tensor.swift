import CoreOps
import Foundation

extension MILOperations {
    static let tensorOps: [(String, MILOpEvaluation)] = [
        ("reshape", reshape), ("transpose", transpose), ("tile", tile), ("concat", concat), ("reverse", reverse),
        ("pad", pad), ("slice_by_index", sliceByIndex), ("gather", gather), ("softmax", softmax),
        ("matmul", matmul), ("linear", linear),
    ]

    /// `shape` may hold one -1 (the rest of the elements) and 0 (the input's size there).
    static let reshape: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        var shape = try context.ints("shape")
        for axis in shape.indices where shape[axis] == 0 && axis < x.rank { shape[axis] = x.shape[axis] }
        if let unknown = shape.firstIndex(of: -1) {
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            shape[unknown] = known == 0 ? 0 : x.count / known
        }
        do { return try x.reshaped(shape) } catch { throw context.failure("\(error)") }
    }

    static let transpose: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let perm = try context.ints("perm")
        guard Set(perm) == Set(0..<x.rank), perm.count == x.rank else {
            throw context.failure("perm \(perm) is not a permutation of rank \(x.rank)")
        }
        return x.transposed(perm)
    }

    static let tile: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let reps = try context.ints("reps")
        guard reps.count == x.rank else { throw context.failure("reps \(reps) for rank \(x.rank)") }
        let shape = zip(x.shape, reps).map(*)
        return Tensor(shape: shape) { (index: [Int]) in x[zip(index, x.shape).map { $0 % $1 }] }
    }

    static let concat: MILOpEvaluation = { context throws(MILEvaluationError) in
        let values = try context.list("values")
        guard let first = values.first else { throw context.failure("no values") }
        let axis = try context.axis(try context.int("axis"), rank: first.rank)
        guard !(try context.bool("interleave", default: false)) else {
            throw context.failure("interleave is not evaluated")
        }
        var shape = first.shape
        shape[axis] = values.map { $0.shape[axis] }.reduce(0, +)
        var starts: [Int] = []
        var offset = 0
        for value in values {
            starts.append(offset)
            offset += value.shape[axis]
        }
        return Tensor(shape: shape) { (index: [Int]) in
            let part = starts.lastIndex { $0 <= index[axis] } ?? 0
            var inner = index
            inner[axis] -= starts[part]
            return values[part][inner]
        }
    }

    static let reverse: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        var axes: Set<Int> = []
        for axis in try context.ints("axes", default: Array(0..<x.rank)) {
            axes.insert(try context.axis(axis, rank: x.rank))
        }
        return Tensor(shape: x.shape) { (index: [Int]) in
            x[index.indices.map { axes.contains($0) ? x.shape[$0] - 1 - index[$0] : index[$0] }]
        }
    }

    /// Pads the last N axes: `pad[2i]`, `pad[2i + 1]` before and after axis `rank - N + i`.
    static let pad: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let flat = try context.ints("pad")
        let mode = try context.string("mode", default: "constant")
        let fill = try context.double("constant_val", default: 0)
        guard flat.count % 2 == 0, flat.count / 2 <= x.rank else {
            throw context.failure("pad \(flat) for rank \(x.rank)")
        }
        let padded = x.rank - flat.count / 2
        let before = (0..<x.rank).map { $0 < padded ? 0 : flat[2 * ($0 - padded)] }
        let after = (0..<x.rank).map { $0 < padded ? 0 : flat[2 * ($0 - padded) + 1] }
        let shape = x.shape.indices.map { x.shape[$0] + before[$0] + after[$0] }
        guard mode == "constant" || mode == "reflect" || mode == "replicate" else {
            throw context.failure("pad mode '\(mode)'")
        }
        return Tensor(shape: shape) { (index: [Int]) in
            var source: [Int] = []
            for axis in index.indices {
                var position = index[axis] - before[axis]
                let size = x.shape[axis]
                if position < 0 || position >= size {
                    switch mode {
                    case "constant": return fill
                    case "reflect": position = position < 0 ? -position : 2 * (size - 1) - position
                    default: position = Swift.min(Swift.max(position, 0), size - 1)
                    }
                }
                source.append(position)
            }
            return x[source]
        }
    }

    /// Per axis: from `begin` to `end` (exclusive) by `stride`; negative indices count from the
    /// end; a masked begin or end takes the whole range in the stride's direction.
    static let sliceByIndex: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let rank = x.rank
        let begin = try context.ints("begin")
        let end = try context.ints("end")
        let strides = try context.ints("stride", default: Array(repeating: 1, count: rank))
        let beginMask = context.bools("begin_mask", count: rank)
        let endMask = context.bools("end_mask", count: rank)
        let squeeze = context.bools("squeeze_mask", count: rank)
        guard begin.count == rank, end.count == rank, strides.count == rank, !strides.contains(0) else {
            throw context.failure("begin, end and stride must give each of \(rank) axes a non-zero step")
        }
        var starts: [Int] = []
        var sizes: [Int] = []
        for axis in 0..<rank {
            let (size, step) = (x.shape[axis], strides[axis])
            func bound(_ index: Int, masked: Bool, isBegin: Bool) -> Int {
                if masked { return isBegin ? (step > 0 ? 0 : size - 1) : (step > 0 ? size : -1) }
                let wrapped = index < 0 ? index + size : index
                return step > 0 ? Swift.min(Swift.max(wrapped, 0), size) : Swift.min(Swift.max(wrapped, -1), size - 1)
            }
            let first = bound(begin[axis], masked: beginMask[axis], isBegin: true)
            let last = bound(end[axis], masked: endMask[axis], isBegin: false)
            let span = step > 0 ? last - first : first - last
            starts.append(first)
            sizes.append(span <= 0 ? 0 : (span + Swift.abs(step) - 1) / Swift.abs(step))
        }
        let sliced = Tensor(shape: sizes) { (index: [Int]) in
            x[index.indices.map { starts[$0] + index[$0] * strides[$0] }]
        }
        let kept = sizes.indices.filter { !squeeze[$0] }.map { sizes[$0] }
        do { return try sliced.reshaped(kept) } catch { throw context.failure("\(error)") }
    }

    static let gather: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let indices = try context.tensor("indices")
        let axis = try context.axis(try context.int("axis", default: 0), rank: x.rank)
        let size = x.shape[axis]
        let positions = indices.values.map { Int($0) < 0 ? Int($0) + size : Int($0) }
        guard positions.allSatisfy({ $0 >= 0 && $0 < size }) else { throw context.failure("index out of range") }
        let shape = Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...])
        return Tensor(shape: shape) { (index: [Int]) in
            let picked = index[axis..<(axis + indices.rank)]
            let position = positions[indices.rank == 0 ? 0 : indices.offset(of: Array(picked))]
            return x[Array(index[..<axis]) + [position] + Array(index[(axis + indices.rank)...])]
        }
    }

    static let softmax: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let axis = try context.axis(try context.int("axis", default: -1), rank: x.rank)
        do {
            return try x.mappingLines(along: axis, length: x.shape[axis]) { line in
                let top = line.max() ?? 0
                let exps = line.map { Foundation.exp($0 - top) }
                let total = exps.reduce(0, +)
                return exps.map { $0 / total }
            }
        } catch { throw context.failure("\(error)") }
    }
}
