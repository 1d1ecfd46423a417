/// Reorderings of Keras weights into the layouts MIL operations take.
enum MILWeights {
    /// `values` of `shape` reordered so that axis `i` of the result is axis `perm[i]` of the input.
    static func permuted(_ values: [Float], shape: [Int], perm: [Int]) -> [Float] {
        let outShape = perm.map { shape[$0] }
        var strides = Array(repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        var result = [Float](repeating: 0, count: values.count)
        var index = Array(repeating: 0, count: shape.count)
        for position in 0..<values.count {
            var source = 0
            for axis in 0..<perm.count { source += index[axis] * strides[perm[axis]] }
            result[position] = values[source]
            var axis = outShape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
