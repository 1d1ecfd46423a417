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
}
