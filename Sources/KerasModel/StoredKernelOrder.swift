/// How a kernel stored by an older Keras differs from the layout Keras 2 and 3 use: Keras 1's
/// `dim_ordering='th'` convolutions stored `(filters, channels, rows, columns)`, and kernels
/// trained with Theano are flipped along their spatial axes (Theano convolves where TensorFlow
/// correlates). Keras's own loader rearranges both when it reads such a file; Delambda does the
/// same when it reads the values (``arrange(_:)``), and reports the rearranged shape throughout.
public struct StoredKernelOrder: Hashable, Sendable {
    /// The shape of the dataset in the file.
    public var storedShape: [Int]
    /// Axis `k` of the Keras 2 kernel is stored axis `permutation[k]` (NumPy's `transpose`).
    public var permutation: [Int]
    /// Keras 2 axes whose order is reversed (the spatial ones of a Theano kernel).
    public var flippedAxes: [Int]

    /// The Keras 2 shape.
    public var shape: [Int] { permutation.map { storedShape.indices.contains($0) ? storedShape[$0] : 1 } }

    /// `values`, stored row-major in `storedShape`, in the Keras 2 layout (row-major).
    public func arrange<Element>(_ values: [Element]) -> [Element] {
        let target = shape
        guard values.count == storedShape.reduce(1, *), permutation.sorted() == Array(storedShape.indices) else {
            return values
        }
        var storedStrides = Array(repeating: 1, count: storedShape.count)
        for axis in storedShape.indices.dropLast().reversed() {
            storedStrides[axis] = storedStrides[axis + 1] * storedShape[axis + 1]
        }
        var result: [Element] = []
        result.reserveCapacity(values.count)
        var index = Array(repeating: 0, count: target.count)
        for _ in 0..<values.count {
            var offset = 0
            for (axis, position) in index.enumerated() {
                let source = flippedAxes.contains(axis) ? target[axis] - 1 - position : position
                offset += source * storedStrides[permutation[axis]]
            }
            result.append(values[offset])
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < target[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The order of `layer`'s weight `position` in a file written by `flavour` with `backend`, or
    /// nil when it is stored as Keras 2 stores it. Follows what Keras 2's loader did for such
    /// files: the Keras 1 transposes of `th` Conv2D and of Conv2DTranspose kernels, then a spatial
    /// flip of every convolution kernel trained under Theano.
    static func of(_ layer: Layer, position: Int, storedShape: [Int], flavour: KerasFlavour, backend: String?)
        -> StoredKernelOrder?
    {
        guard position == 0, storedShape.count >= 3 else { return nil }
        var permutation = Array(storedShape.indices)
        if flavour == .keras1, storedShape.count == 4 {
            let channelsFirst = layer.config["data_format"]?.string == "channels_first"
            switch (layer.className, channelsFirst) {
            case ("Conv2D", true): permutation = [2, 3, 1, 0]
            case ("Conv2DTranspose", true): permutation = [2, 3, 0, 1]
            case ("Conv2DTranspose", false): permutation = [0, 1, 3, 2]
            default: break
            }
        }
        let convolutions: Set<String> = ["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"]
        let flipped =
            backend == "theano" && convolutions.contains(layer.className) ? Array(0..<(storedShape.count - 2)) : []
        guard permutation != Array(storedShape.indices) || !flipped.isEmpty else { return nil }
        return StoredKernelOrder(storedShape: storedShape, permutation: permutation, flippedAxes: flipped)
    }
}
