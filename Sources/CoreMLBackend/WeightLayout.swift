/// Reorders the axes of a weight tensor: Keras and Core ML store kernels in different axis orders,
/// and the largest models move hundreds of megabytes through here, so it walks the destination in
/// order with the source position kept by per-axis strides (no division per element).
enum WeightLayout {
    /// `values`, row-major of `shape`, with its axes reordered: axis `i` of the result is axis
    /// `perm[i]` of the source. `perm` must be a permutation of `shape`'s axes and `values.count`
    /// their product.
    static func permuted(_ values: [Float], shape: [Int], perm: [Int]) -> [Float] {
        precondition(perm.sorted() == Array(shape.indices) && values.count == shape.reduce(1, *))
        guard perm != Array(shape.indices), !values.isEmpty else { return values }
        // Kernels: [in, out] to [out, in], and [taps, in, out] to [out, in, taps], by cache tiles.
        if perm == [1, 0] { return reversedThree(values, [1, shape[0], shape[1]]) }
        if perm == [2, 1, 0] { return reversedThree(values, shape) }
        var sourceStrides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() {
            sourceStrides[axis] = sourceStrides[axis + 1] * shape[axis + 1]
        }
        let sizes = perm.map { shape[$0] }
        let strides = perm.map { sourceStrides[$0] }
        let last = sizes.count - 1
        let (innerSize, innerStride) = (sizes[last], strides[last])
        return [Float](unsafeUninitializedCapacity: values.count) { result, count in
            values.withUnsafeBufferPointer { source in
                var counters = [Int](repeating: 0, count: sizes.count)
                var base = 0
                var written = 0
                while written < values.count {
                    var position = base
                    for offset in 0..<innerSize {
                        result[written + offset] = source[position]
                        position += innerStride
                    }
                    written += innerSize
                    // Advance the outer axes like an odometer.
                    var axis = last - 1
                    while axis >= 0 {
                        counters[axis] += 1
                        base += strides[axis]
                        if counters[axis] < sizes[axis] { break }
                        base -= strides[axis] * sizes[axis]
                        counters[axis] = 0
                        axis -= 1
                    }
                }
            }
            count = values.count
        }
    }

    /// `[a, b, c]` to `[c, b, a]` (with `a` of 1, a plain transpose) by tiles of `b` and `c`: within
    /// a tile the reads run along `c` and the writes along `a`, and both stay in a few cache lines.
    private static func reversedThree(_ values: [Float], _ shape: [Int]) -> [Float] {
        let (outer, middle, inner) = (shape[0], shape[1], shape[2])
        let tile = 32
        let plane = middle * inner
        return [Float](unsafeUninitializedCapacity: values.count) { result, count in
            guard let destination = result.baseAddress else { return }
            values.withUnsafeBufferPointer { buffer in
                guard let source = buffer.baseAddress else { return }
                for bStart in stride(from: 0, to: middle, by: tile) {
                    let bEnd = min(bStart + tile, middle)
                    for cStart in stride(from: 0, to: inner, by: tile) {
                        let cEnd = min(cStart + tile, inner)
                        for b in bStart..<bEnd {
                            for c in cStart..<cEnd {
                                let to = destination + (c * middle + b) * outer
                                var from = source + b * inner + c
                                for a in 0..<outer {
                                    to[a] = from.pointee
                                    from += plane
                                }
                            }
                        }
                    }
                }
            }
            count = values.count
        }
    }
}
