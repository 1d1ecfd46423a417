import CoreMLEvaluator
import CoreMLSpec
import CoreOps
import Testing

/// Deconvolution (`convolution` with `isDeconvolution`) against hand-computed cases and against a
/// naive reference computed the other way round: the input spread out by the stride and padded,
/// then correlated with the flipped kernel, then trimmed.
@Suite struct DeconvolutionTests {
    struct Config: Sendable, CustomTestStringConvertible {
        var name: String
        var channels = 2
        var outputs = 3
        var groups = 1
        var kernel = (2, 2)
        var stride = (1, 1)
        var dilation = (1, 1)
        var same: CoreML_Specification_SamePadding.SamePaddingMode? = nil
        var valid = [(0, 0), (0, 0)]
        var size = (3, 4)
        var testDescription: String { name }
    }

    static let configs: [Config] = [
        Config(name: "plain 2x2"),
        Config(name: "stride 2, kernel 3", kernel: (3, 3), stride: (2, 2)),
        Config(name: "stride (2, 1), kernel (2, 3)", kernel: (2, 3), stride: (2, 1)),
        Config(name: "same, stride 2, kernel 3", kernel: (3, 3), stride: (2, 2), same: .bottomRightHeavy),
        Config(name: "same top-left heavy", kernel: (3, 2), stride: (2, 2), same: .topLeftHeavy),
        Config(name: "same, kernel shorter than the stride", kernel: (2, 2), stride: (3, 3), same: .bottomRightHeavy),
        Config(name: "valid with cropping", kernel: (3, 3), stride: (2, 2), valid: [(1, 0), (2, 1)]),
        Config(name: "dilation 2", kernel: (2, 3), dilation: (2, 2)),
        Config(name: "groups 2", channels: 4, outputs: 6, groups: 2, kernel: (2, 2), stride: (2, 1)),
    ]

    static func layer(_ config: Config, weights: [Double], bias: [Double]) -> CoreML_Specification_NeuralNetworkLayer {
        EvaluatorHarness.layer {
            $0.convolution.isDeconvolution = true
            $0.convolution.outputChannels = UInt64(config.outputs)
            $0.convolution.kernelChannels = UInt64(config.channels)
            $0.convolution.nGroups = UInt64(config.groups)
            $0.convolution.kernelSize = [UInt64(config.kernel.0), UInt64(config.kernel.1)]
            $0.convolution.stride = [UInt64(config.stride.0), UInt64(config.stride.1)]
            $0.convolution.dilationFactor = [UInt64(config.dilation.0), UInt64(config.dilation.1)]
            if let mode = config.same {
                $0.convolution.same.asymmetryMode = mode
            } else {
                $0.convolution.valid.paddingAmounts = border(
                    top: UInt64(config.valid[0].0), left: UInt64(config.valid[1].0),
                    bottom: UInt64(config.valid[0].1), right: UInt64(config.valid[1].1))
            }
            $0.convolution.weights = EvaluatorHarness.weights(weights)
            $0.convolution.hasBias_p = true
            $0.convolution.bias = EvaluatorHarness.weights(bias)
        }
    }

    /// Each input value stamps the all-ones 2x2 kernel: overlaps add up.
    @Test func handComputedOverlap() throws {
        let config = Config(name: "ones", channels: 1, outputs: 1)
        let result = try EvaluatorHarness.run(
            Self.layer(config, weights: [1, 1, 1, 1], bias: [0]), EvaluatorHarness.tensor([1, 1, 2, 2], [1, 2, 3, 4]))
        #expect(result == EvaluatorHarness.tensor([1, 1, 3, 3], [1, 3, 2, 4, 10, 6, 3, 7, 4]))
    }

    /// Stride 2 with a 2x2 kernel tiles the output with scaled copies of the kernel.
    @Test func handComputedTiling() throws {
        let config = Config(name: "tiles", channels: 1, outputs: 1, stride: (2, 2))
        let result = try EvaluatorHarness.run(
            Self.layer(config, weights: [1, 2, 3, 4], bias: [0.5]), EvaluatorHarness.tensor([1, 1, 1, 2], [1, -1]))
        #expect(result == EvaluatorHarness.tensor([1, 1, 2, 4], [1.5, 2.5, -0.5, -1.5, 3.5, 4.5, -2.5, -3.5]))
    }

    /// Same padding gives `H_in * stride`; the kernel's overhang is cut at the end (bottom-right heavy).
    @Test func samePaddingTrimsTheEnd() throws {
        let config = Config(
            name: "same", channels: 1, outputs: 1, kernel: (1, 3), stride: (1, 2), same: .bottomRightHeavy, size: (1, 2)
        )
        let result = try EvaluatorHarness.run(
            Self.layer(config, weights: [1, 10, 100], bias: [0]), EvaluatorHarness.tensor([1, 1, 1, 2], [1, 2]))
        // Full: [1, 10, 100 + 2, 20, 200]; total trim 5 - 4 = 1, at the end.
        #expect(result == EvaluatorHarness.tensor([1, 1, 1, 4], [1, 10, 102, 20]))
    }

    @Test(arguments: configs) func matchesNaiveReference(_ config: Config) throws {
        let weightCount = config.channels * (config.outputs / config.groups) * config.kernel.0 * config.kernel.1
        let weights = (0..<weightCount).map { Double(Float(Double(($0 * 5) % 13) / 6 - 1)) }
        let bias = (0..<config.outputs).map { Double($0) / 4 - 0.25 }
        let input = EvaluatorHarness.ramp([2, config.channels, config.size.0, config.size.1], scale: 0.125, shift: -1)
        let result = try EvaluatorHarness.run(Self.layer(config, weights: weights, bias: bias), input)
        let expected = NaiveDeconvolution.run(input, config: config, weights: weights, bias: bias)
        #expect(close(result, expected, tolerance: 1e-9), "got \(result.shape), expected \(expected.shape)")
    }

    @Test func outputShapeOtherThanThePaddingsIsRefused() {
        var layer = Self.layer(Config(name: "shape", channels: 1, outputs: 1), weights: [1, 1, 1, 1], bias: [0])
        layer.convolution.outputShape = [5, 5]
        #expect(throws: CoreMLEvaluationError.self) {
            try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([1, 1, 2, 2]))
        }
    }

    @Test func outputShapeEqualToThePaddingsIsAccepted() throws {
        var layer = Self.layer(Config(name: "shape", channels: 1, outputs: 1), weights: [1, 1, 1, 1], bias: [0])
        layer.convolution.outputShape = [3, 3]
        #expect(try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([1, 1, 2, 2])).shape == [1, 1, 3, 3])
    }
}

/// A transposed convolution computed as a plain correlation: stride - 1 zeros between input values,
/// a border of (dilated kernel - 1) zeros, the kernel flipped; then the padding type's trim.
enum NaiveDeconvolution {
    static func run(_ input: Tensor, config: DeconvolutionTests.Config, weights: [Double], bias: [Double]) -> Tensor {
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let reach = ((config.kernel.0 - 1) * config.dilation.0 + 1, (config.kernel.1 - 1) * config.dilation.1 + 1)
        let spreadH = (height - 1) * config.stride.0 + 1 + 2 * (reach.0 - 1)
        let spreadW = (width - 1) * config.stride.1 + 1 + 2 * (reach.1 - 1)
        let spread = Tensor(shape: [batch, channels, spreadH, spreadW]) { index in
            let (y, x) = (index[2] - (reach.0 - 1), index[3] - (reach.1 - 1))
            guard y >= 0, x >= 0, y % config.stride.0 == 0, x % config.stride.1 == 0,
                y / config.stride.0 < height, x / config.stride.1 < width
            else { return 0 }
            return input[index[0], index[1], y / config.stride.0, x / config.stride.1]
        }
        let (fullH, fullW) = (spreadH - reach.0 + 1, spreadW - reach.1 + 1)
        var trim = config.valid
        if let mode = config.same {
            trim = [(fullH, height * config.stride.0), (fullW, width * config.stride.1)].map { full, out in
                let total = full - out
                guard total >= 0 else { return (0, total) }
                return mode == .bottomRightHeavy ? (total / 2, total - total / 2) : (total - total / 2, total / 2)
            }
        }
        let (inPerGroup, outPerGroup) = (channels / config.groups, config.outputs / config.groups)
        let outH = fullH - trim[0].0 - trim[0].1
        let outW = fullW - trim[1].0 - trim[1].1
        return Tensor(shape: [batch, config.outputs, outH, outW]) { index in
            let (n, o) = (index[0], index[1])
            let (r, q) = (index[2] + trim[0].0, index[3] + trim[1].0)
            var sum = bias[o]
            guard r < fullH, q < fullW else { return sum }
            let group = o / outPerGroup
            for c in (group * inPerGroup)..<((group + 1) * inPerGroup) {
                for i in 0..<config.kernel.0 {
                    for j in 0..<config.kernel.1 {
                        let flipped =
                            ((c * outPerGroup + o % outPerGroup) * config.kernel.0 + config.kernel.0 - 1 - i)
                            * config.kernel.1 + config.kernel.1 - 1 - j
                        sum += spread[n, c, r + i * config.dilation.0, q + j * config.dilation.1] * weights[flipped]
                    }
                }
            }
            return sum
        }
    }
}
