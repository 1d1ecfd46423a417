import CoreOps
import Foundation

extension MILOperations {
    static let tensorOps: [(String, MILOpEvaluation)] = [
        ("reshape", reshape), ("transpose", transpose), ("tile", tile),
        ("upsample_nearest_neighbor", upsampleNearestNeighbor), ("upsample_bilinear", upsampleBilinear),
        ("concat", concat), ("reverse", reverse),
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

    /// Each value of the last two axes repeated by the integer scale factors (default 1):
    /// output[..., y, x] = input[..., y / scale_h, x / scale_w].
    static let upsampleNearestNeighbor: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let scales = [
            try context.double("scale_factor_height", default: 1), try context.double("scale_factor_width", default: 1),
        ]
        guard x.rank >= 3, scales.allSatisfy({ $0 >= 1 && $0 == $0.rounded() }) else {
            throw context.failure("expected rank 3 or more and whole scale factors, not \(scales)")
        }
        let factors = scales.map { Int($0) }
        let shape = x.shape.dropLast(2) + [x.shape[x.rank - 2] * factors[0], x.shape[x.rank - 1] * factors[1]]
        return Tensor(shape: Array(shape)) { (index: [Int]) in
            var source = index
            source[x.rank - 2] /= factors[0]
            source[x.rank - 1] /= factors[1]
            return x[source]
        }
    }

    /// The last two axes resized by the scale factors (default 1; output size floor(size *
    /// scale)) with bilinear interpolation. Along one axis of `n` inputs and `m` outputs, output
    /// `i` samples position `i * (n - 1) / (m - 1)` with `align_corners` (the default), else
    /// `i * s + s / 2 - 1/2` with `s = n / m`; clamped to [0, n - 1], then interpolated between
    /// the positions around it.
    static let upsampleBilinear: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        guard x.rank >= 3 else { throw context.failure("expected rank 3 or more") }
        let scales = [
            try context.double("scale_factor_height", default: 1), try context.double("scale_factor_width", default: 1),
        ]
        let aligned = try context.bool("align_corners", default: true)
        let sizes = [x.shape[x.rank - 2], x.shape[x.rank - 1]]
        let outputs = zip(sizes, scales).map { Int((Double($0) * $1).rounded(.down)) }
        guard outputs.allSatisfy({ $0 > 0 }) else { throw context.failure("empty output for scales \(scales)") }
        func samples(_ n: Int, _ m: Int) -> [(lower: Int, upper: Int, weight: Double)] {
            (0..<m).map { i in
                var position: Double
                if aligned {
                    position = m > 1 ? Double(i) * Double(n - 1) / Double(m - 1) : 0
                } else {
                    let spacing = Double(n) / Double(m)
                    position = Double(i) * spacing + 0.5 * spacing - 0.5
                }
                position = Swift.min(Double(n - 1), Swift.max(0, position))
                let lower = Int(position.rounded(.down))
                return (lower, Swift.min(lower + 1, n - 1), position - Double(lower))
            }
        }
        let rows = samples(sizes[0], outputs[0])
        let columns = samples(sizes[1], outputs[1])
        let shape = Array(x.shape.dropLast(2)) + outputs
        return Tensor(shape: shape) { (index: [Int]) in
            let (row, column) = (rows[index[x.rank - 2]], columns[index[x.rank - 1]])
            func pixel(_ y: Int, _ z: Int) -> Double {
                var source = index
                source[x.rank - 2] = y
                source[x.rank - 1] = z
                return x[source]
            }
            let top =
                pixel(row.lower, column.lower) * (1 - column.weight) + pixel(row.lower, column.upper) * column.weight
            let bottom =
                pixel(row.upper, column.lower) * (1 - column.weight) + pixel(row.upper, column.upper) * column.weight
            return top * (1 - row.weight) + bottom * row.weight
        }
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
