import CoreMLSpec

/// Rank-N Core ML layers that several Keras converters string together (each adds one layer
/// and returns its output blob, its static shape recorded in the builder).
enum NDLayers {
    /// Inserts a dimension of 1 at each of `axes` (counted in the output's rank, ascending).
    static func expandDims(_ input: String, axes: [Int], name: String, _ builder: inout NetworkBuilder) -> String {
        var shape = builder.shapes[input] ?? []
        for axis in axes.sorted() { shape.insert(1, at: min(axis, shape.count)) }
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_ExpandDimsLayerParams()
            params.axes = axes.map(Int64.init)
            layer.expandDims = params
        }
    }

    /// Removes the dimensions of 1 at `axes`.
    static func squeeze(_ input: String, axes: [Int], name: String, _ builder: inout NetworkBuilder) -> String {
        let inputShape = builder.shapes[input] ?? []
        let shape = inputShape.indices.filter { !axes.contains($0) }.map { inputShape[$0] }
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_SqueezeLayerParams()
            params.axes = axes.map(Int64.init)
            layer.squeeze = params
        }
    }

    /// Zeros before and after each axis: `amounts[axis] = (before, after)`.
    static func pad(_ input: String, amounts: [(Int, Int)], name: String, _ builder: inout NetworkBuilder) -> String {
        let inputShape = builder.shapes[input] ?? []
        let shape = inputShape.indices.map { inputShape[$0] + amounts[$0].0 + amounts[$0].1 }
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_ConstantPaddingLayerParams()
            params.value = 0
            params.padAmounts = amounts.flatMap { [UInt64($0.0), UInt64($0.1)] }
            layer.constantPad = params
        }
    }

    /// `input[begin[0]..<end[0], begin[1]..<end[1], ...]` with unit strides.
    static func slice(
        _ input: String, begin: [Int], end: [Int], name: String, _ builder: inout NetworkBuilder
    ) -> String {
        let shape = zip(begin, end).map { $1 - $0 }
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_SliceStaticLayerParams()
            params.beginIds = begin.map(Int64.init)
            params.endIds = end.map(Int64.init)
            params.strides = begin.map { _ in 1 }
            params.beginMasks = begin.map { _ in false }
            params.endMasks = end.map { _ in false }
            layer.sliceStatic = params
        }
    }

    /// The mean over `axes`, which are kept as dimensions of 1.
    static func mean(_ input: String, axes: [Int], name: String, _ builder: inout NetworkBuilder) -> String {
        let inputShape = builder.shapes[input] ?? []
        let shape = inputShape.indices.map { axes.contains($0) ? 1 : inputShape[$0] }
        return builder.add(name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_ReduceMeanLayerParams()
            params.axes = axes.map(Int64.init)
            params.keepDims = true
            layer.reduceMean = params
        }
    }

    /// `1 / sqrt(x + epsilon)`.
    static func reciprocalSquareRoot(
        _ input: String, epsilon: Double, name: String, _ builder: inout NetworkBuilder
    ) -> String {
        builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
            var params = CoreML_Specification_UnaryFunctionLayerParams()
            params.type = .rsqrt
            params.epsilon = Float(epsilon)
            params.scale = 1
            layer.unary = params
        }
    }

    /// One of the `unary` layer's functions (`exp`, `log`, ...) applied as `f(x)`: no scale or shift.
    static func unary(
        _ input: String, _ type: CoreML_Specification_UnaryFunctionLayerParams.Operation, name: String,
        _ builder: inout NetworkBuilder
    ) -> String {
        builder.add(name, inputs: [input], shape: builder.shapes[input] ?? []) { layer in
            var params = CoreML_Specification_UnaryFunctionLayerParams()
            params.type = type
            params.scale = 1
            layer.unary = params
        }
    }

    /// The input repeated `reps[axis]` times along each axis.
    static func tile(_ input: String, reps: [Int], name: String, _ builder: inout NetworkBuilder) -> String {
        let inputShape = builder.shapes[input] ?? []
        return builder.add(name, inputs: [input], shape: zip(inputShape, reps).map { $0 * $1 }) { layer in
            var params = CoreML_Specification_TileLayerParams()
            params.reps = reps.map(UInt64.init)
            layer.tile = params
        }
    }
}
