import CoreOps

extension MILOperations {
    static let spatial: [(String, MILOpEvaluation)] = [
        ("conv", convolution), ("max_pool", pooling(max: true)), ("avg_pool", pooling(max: false)),
    ]

    /// A window over 1 or 2 spatial axes of channels-first data, seen as 2 (a 1-D one with height 1).
    struct Window {
        var input: [Int]
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        var before: [Int]
        var output: [Int]

        init(_ context: MILOpContext, x: Tensor, kernel given: [Int], dilations givenDilations: [Int]? = nil)
            throws(MILEvaluationError)
        {
            let rank = x.rank - 2
            guard rank == 1 || rank == 2, given.count == rank else {
                throw context.failure("expected 1 or 2 spatial axes, got input \(x.shape) and kernel \(given)")
            }
            let ones = Array(repeating: 1, count: rank)
            let strides = try context.ints("strides", default: ones)
            let dilations = try context.ints("dilations", default: givenDilations ?? ones)
            let padType = try context.string("pad_type", default: "valid")
            var pads = try context.ints("pad", default: Array(repeating: 0, count: 2 * rank))
            let sizes = Array(x.shape.dropFirst(2))
            if padType == "valid" { pads = Array(repeating: 0, count: 2 * rank) }
            if padType == "same" {
                pads = []
                for axis in 0..<rank {
                    let out = (sizes[axis] + strides[axis] - 1) / strides[axis]
                    let total = Swift.max(
                        (out - 1) * strides[axis] + (given[axis] - 1) * dilations[axis] + 1 - sizes[axis], 0)
                    pads += [total / 2, total - total / 2]
                }
            }
            guard padType == "valid" || padType == "same" || padType == "custom", pads.count == 2 * rank,
                strides.count == rank, dilations.count == rank
            else { throw context.failure("pad_type '\(padType)' with pad \(pads), strides \(strides)") }
            let ceil = try context.bool("ceil_mode", default: false)
            var output: [Int] = []
            for axis in 0..<rank {
                let span = sizes[axis] + pads[2 * axis] + pads[2 * axis + 1] - (given[axis] - 1) * dilations[axis] - 1
                output.append(Swift.max((ceil ? span + strides[axis] - 1 : span) / strides[axis] + 1, 0))
            }
            let lift = { (values: [Int], fill: Int) in rank == 1 ? [fill] + values : values }
            input = lift(sizes, 1)
            kernel = lift(given, 1)
            self.strides = lift(strides, 1)
            self.dilations = lift(dilations, 1)
            before = lift((0..<rank).map { pads[2 * $0] }, 0)
            self.output = lift(output, 1)
        }

        /// The input positions (row, column) under output (i, j) and kernel (p, q); nil in the padding.
        func position(_ i: Int, _ j: Int, _ p: Int, _ q: Int) -> (Int, Int)? {
            let row = i * strides[0] - before[0] + p * dilations[0]
            let column = j * strides[1] - before[1] + q * dilations[1]
            guard row >= 0, row < input[0], column >= 0, column < input[1] else { return nil }
            return (row, column)
        }
    }

    static let convolution: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let weight = try context.tensor("weight")
        let groups = try context.int("groups", default: 1)
        guard weight.rank == x.rank, groups > 0, x.shape[1] % groups == 0, weight.shape[0] % groups == 0,
            weight.shape[1] * groups == x.shape[1]
        else { throw context.failure("weight \(weight.shape) with \(groups) groups for input \(x.shape)") }
        let window = try Window(context, x: x, kernel: Array(weight.shape.dropFirst(2)))
        let (batch, inputs, outputs) = (x.shape[0], x.shape[1], weight.shape[0])
        let perGroupIn = inputs / groups
        let perGroupOut = outputs / groups
        let bias = context.optional("bias")?.values ?? Array(repeating: 0, count: outputs)
        let (height, width) = (window.output[0], window.output[1])
        let (kh, kw) = (window.kernel[0], window.kernel[1])
        let plane = window.input[0] * window.input[1]
        var values = [Double](repeating: 0, count: batch * outputs * height * width)
        for n in 0..<batch {
            for o in 0..<outputs {
                let group = o / perGroupOut
                for i in 0..<height {
                    for j in 0..<width {
                        var sum = bias[o]
                        for c in 0..<perGroupIn {
                            let channel = group * perGroupIn + c
                            for p in 0..<kh {
                                for q in 0..<kw {
                                    guard let (row, column) = window.position(i, j, p, q) else { continue }
                                    let input = x.values[
                                        (n * inputs + channel) * plane + row * window.input[1] + column]
                                    sum += input * weight.values[((o * perGroupIn + c) * kh + p) * kw + q]
                                }
                            }
                        }
                        values[((n * outputs + o) * height + i) * width + j] = sum
                    }
                }
            }
        }
        let shape = [batch, outputs] + (x.rank == 3 ? [width] : [height, width])
        do { return try Tensor(shape: shape, values: values) } catch { throw context.failure("\(error)") }
    }

    /// Max or average over each window; padded positions are skipped by max and, with
    /// `exclude_padding_from_average`, left out of the average's count.
    static func pooling(max: Bool) -> MILOpEvaluation {
        { context throws(MILEvaluationError) in
            let x = try context.tensor("x")
            let kernel = try context.ints("kernel_sizes")
            let window = try Window(context, x: x, kernel: kernel, dilations: Array(repeating: 1, count: kernel.count))
            let exclude = try context.bool("exclude_padding_from_average", default: false)
            let (batch, channels) = (x.shape[0], x.shape[1])
            let (height, width) = (window.output[0], window.output[1])
            let plane = window.input[0] * window.input[1]
            var values = [Double](repeating: 0, count: batch * channels * height * width)
            for n in 0..<batch {
                for c in 0..<channels {
                    for i in 0..<height {
                        for j in 0..<width {
                            var (best, sum, count) = (-Double.infinity, 0.0, 0)
                            for p in 0..<window.kernel[0] {
                                for q in 0..<window.kernel[1] {
                                    guard let (row, column) = window.position(i, j, p, q) else { continue }
                                    let value = x.values[(n * channels + c) * plane + row * window.input[1] + column]
                                    best = Swift.max(best, value)
                                    sum += value
                                    count += 1
                                }
                            }
                            let divisor = exclude ? count : window.kernel[0] * window.kernel[1]
                            values[((n * channels + c) * height + i) * width + j] =
                                max ? best : sum / Double(Swift.max(divisor, 1))
                        }
                    }
                }
            }
            let shape = [batch, channels] + (x.rank == 3 ? [width] : [height, width])
            do { return try Tensor(shape: shape, values: values) } catch { throw context.failure("\(error)") }
        }
    }
}

extension MILOperations {
    static let transposedConvolutions: [(String, MILOpEvaluation)] = [("conv_transpose", transposedConvolution)]

    /// Each input position (iy, ix) spreads x * weight[ci, co, ky, kx] to the output position
    /// (iy * stride + ky * dilation - pad_before, likewise for x); the output is the full extent
    /// `(in - 1) * stride + (K - 1) * dilation + 1` less the pads (`valid`: none).
    static let transposedConvolution: MILOpEvaluation = { context throws(MILEvaluationError) in
        let x = try context.tensor("x")
        let weight = try context.tensor("weight")
        guard x.rank == 4, x.shape[0] == 1, weight.rank == 4, weight.shape[0] == x.shape[1],
            try context.int("groups", default: 1) == 1
        else { throw context.failure("weight \(weight.shape) for input \(x.shape) (2-D, batch 1, one group)") }
        let strides = try context.ints("strides", default: [1, 1])
        let dilations = try context.ints("dilations", default: [1, 1])
        let padType = try context.string("pad_type", default: "valid")
        guard padType == "valid" || padType == "custom" else { throw context.failure("pad_type '\(padType)'") }
        let pads = padType == "custom" ? try context.ints("pad", default: [0, 0, 0, 0]) : [0, 0, 0, 0]
        let (inputs, outputs, kh, kw) = (x.shape[1], weight.shape[1], weight.shape[2], weight.shape[3])
        let (height, width) = (x.shape[2], x.shape[3])
        let outHeight = (height - 1) * strides[0] + (kh - 1) * dilations[0] + 1 - pads[0] - pads[1]
        let outWidth = (width - 1) * strides[1] + (kw - 1) * dilations[1] + 1 - pads[2] - pads[3]
        guard outHeight > 0, outWidth > 0 else { throw context.failure("empty output") }
        let bias = context.optional("bias")?.values ?? Array(repeating: 0, count: outputs)
        var values = [Double](repeating: 0, count: outputs * outHeight * outWidth)
        for o in 0..<outputs {
            for position in 0..<(outHeight * outWidth) { values[o * outHeight * outWidth + position] = bias[o] }
        }
        for c in 0..<inputs {
            for iy in 0..<height {
                for ix in 0..<width {
                    let input = x.values[(c * height + iy) * width + ix]
                    for o in 0..<outputs {
                        for p in 0..<kh {
                            let y = iy * strides[0] + p * dilations[0] - pads[0]
                            guard y >= 0, y < outHeight else { continue }
                            for q in 0..<kw {
                                let column = ix * strides[1] + q * dilations[1] - pads[2]
                                guard column >= 0, column < outWidth else { continue }
                                values[(o * outHeight + y) * outWidth + column] +=
                                    input * weight.values[((c * outputs + o) * kh + p) * kw + q]
                            }
                        }
                    }
                }
            }
        }
        do { return try Tensor(shape: [1, outputs, outHeight, outWidth], values: values) } catch {
            throw context.failure("\(error)")
        }
    }
}
