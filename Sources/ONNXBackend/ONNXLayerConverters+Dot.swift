extension ONNXLayerConverters {
    /// Dot of two `[batch, n]` vectors (`[batch, 1]`, the products summed) or two `[batch, r, c]`
    /// matrices (a batched matrix product, each side transposed as its summed axis needs).
    static func dot(_ context: ONNXLayerContext, _ builder: inout ONNXGraphBuilder) throws(ONNXConversionError)
        -> String
    {
        guard context.inputs.count == 2 else { throw context.failure("Dot takes two inputs") }
        guard context.bool("normalize") != true else {
            throw context.failure("Dot with normalize=True has no ONNX converter yet")
        }
        guard let x = builder.shapes[context.inputs[0]], let y = builder.shapes[context.inputs[1]], x.count == y.count,
            x.count == 2 || x.count == 3
        else { throw context.failure("Dot of inputs other than two rank-2 or two rank-3 tensors") }
        let rank = x.count
        let stored = context.config["axes"]
        let listed = stored?.array?.compactMap(\.int) ?? stored?.int.map { [$0, $0] } ?? [-1, -1]
        guard listed.count == 2 else { throw context.failure("'axes' must be one or two integers") }
        let axes = listed.map { $0 < 0 ? $0 + rank : $0 }
        guard axes.allSatisfy({ $0 >= 1 && $0 < rank }), x[axes[0]] == y[axes[1]] else {
            throw context.failure("Dot over axes \(listed) of shapes \(x) and \(y)")
        }
        let name = context.name
        if rank == 2 {
            let product = builder.binary("Mul", context.inputs[0], context.inputs[1], name: name + "_products")
            return builder.reduce("ReduceSum", product, axes: [1], keepDims: true, name: name)
        }
        var (left, right) = (context.inputs[0], context.inputs[1])
        if axes[0] == 1 { left = builder.transpose(left, perm: [0, 2, 1], name: name + "_left") }
        if axes[1] == 2 { right = builder.transpose(right, perm: [0, 2, 1], name: name + "_right") }
        let rows = axes[0] == 1 ? x[2] : x[1]
        let columns = axes[1] == 2 ? y[1] : y[2]
        return builder.node("MatMul", [left, right], name: name, shape: [x[0], rows, columns])
    }
}
