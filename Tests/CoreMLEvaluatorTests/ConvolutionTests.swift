import CoreMLSpec
import CoreOps
import Testing

/// Convolution against a hand-computed case and against a naive reference that pads the input
/// explicitly first.
@Suite struct ConvolutionTests {
    struct Config: Sendable, CustomTestStringConvertible {
        var name: String
        var channels = 2
        var outputs = 2
        var groups = 1
        var kernel = (2, 2)
        var stride = (1, 1)
        var dilation = (1, 1)
        var same: CoreML_Specification_SamePadding.SamePaddingMode? = nil
        var valid = [(0, 0), (0, 0)]
        var size = (5, 6)
        var testDescription: String { name }
    }

    static let configs: [Config] = [
        Config(name: "plain 2x2"),
        Config(name: "stride 2 same", kernel: (3, 3), stride: (2, 2), same: .bottomRightHeavy),
        Config(name: "same top-left heavy", kernel: (2, 2), same: .topLeftHeavy),
        Config(name: "dilation 2", kernel: (2, 3), dilation: (2, 2)),
        Config(name: "valid with padding", kernel: (3, 3), stride: (2, 1), valid: [(1, 0), (2, 1)]),
        Config(name: "groups 2", channels: 4, outputs: 6, groups: 2, kernel: (3, 2)),
        Config(name: "depthwise", channels: 3, outputs: 3, groups: 3, kernel: (3, 3), same: .bottomRightHeavy),
        Config(name: "depthwise multiplier 2", channels: 2, outputs: 4, groups: 2, stride: (2, 2)),
    ]

    @Test func handComputed() throws {
        let layer = EvaluatorHarness.layer {
            $0.convolution.outputChannels = 1
            $0.convolution.kernelChannels = 1
            $0.convolution.kernelSize = [2, 2]
            $0.convolution.weights = EvaluatorHarness.weights([1, 1, 1, 1])
            $0.convolution.hasBias_p = true
            $0.convolution.bias = EvaluatorHarness.weights([0.5])
        }
        let result = try EvaluatorHarness.run(layer, EvaluatorHarness.ramp([1, 1, 3, 3]))
        #expect(result == EvaluatorHarness.tensor([1, 1, 2, 2], [8.5, 12.5, 20.5, 24.5]))
    }

    @Test(arguments: configs) func matchesNaiveReference(_ config: Config) throws {
        let kernelChannels = config.channels / config.groups
        let weightCount = config.outputs * kernelChannels * config.kernel.0 * config.kernel.1
        // Float32-representable, as the spec stores them.
        let weights = (0..<weightCount).map { Double(Float(Double(($0 * 7) % 11) / 5 - 1)) }
        let bias = (0..<config.outputs).map { Double($0) / 4 }
        let input = EvaluatorHarness.ramp([2, config.channels, config.size.0, config.size.1], scale: 0.125, shift: -1)
        let layer = EvaluatorHarness.layer {
            $0.convolution.outputChannels = UInt64(config.outputs)
            $0.convolution.kernelChannels = UInt64(kernelChannels)
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
        let result = try EvaluatorHarness.run(layer, input)
        let expected = NaiveConvolution.run(input, config: config, weights: weights, bias: bias)
        #expect(close(result, expected, tolerance: 1e-9), "got \(result.shape), expected \(expected.shape)")
    }
}

/// A convolution written the long way: pad into a bigger array, then slide the dilated kernel.
enum NaiveConvolution {
    static func run(_ input: Tensor, config: ConvolutionTests.Config, weights: [Double], bias: [Double]) -> Tensor {
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let reach = ((config.kernel.0 - 1) * config.dilation.0 + 1, (config.kernel.1 - 1) * config.dilation.1 + 1)
        var pads = config.valid
        if let mode = config.same {
            pads = [(height, reach.0, config.stride.0), (width, reach.1, config.stride.1)].map { size, k, s in
                let out = (size + s - 1) / s
                let total = max(0, (out - 1) * s + k - size)
                return mode == .bottomRightHeavy ? (total / 2, total - total / 2) : (total - total / 2, total / 2)
            }
        }
        let paddedH = height + pads[0].0 + pads[0].1
        let paddedW = width + pads[1].0 + pads[1].1
        var padded = [[[[Double]]]](
            repeating: [[[Double]]](
                repeating: [[Double]](repeating: [Double](repeating: 0, count: paddedW), count: paddedH),
                count: channels), count: batch)
        for n in 0..<batch {
            for c in 0..<channels {
                for y in 0..<height {
                    for x in 0..<width { padded[n][c][y + pads[0].0][x + pads[1].0] = input[n, c, y, x] }
                }
            }
        }
        let outH = (paddedH - reach.0) / config.stride.0 + 1
        let outW = (paddedW - reach.1) / config.stride.1 + 1
        let kc = channels / config.groups
        let perGroup = config.outputs / config.groups
        return Tensor(shape: [batch, config.outputs, outH, outW]) { index in
            let (n, o, r, q) = (index[0], index[1], index[2], index[3])
            var sum = bias[o]
            for k in 0..<kc {
                let c = (o / perGroup) * kc + k
                for i in 0..<config.kernel.0 {
                    for j in 0..<config.kernel.1 {
                        let value = padded[n][c][r * config.stride.0 + i * config.dilation.0][
                            q * config.stride.1 + j * config.dilation.1]
                        sum += value * weights[((o * kc + k) * config.kernel.0 + i) * config.kernel.1 + j]
                    }
                }
            }
            return sum
        }
    }
}
