import KerasModel

/// A Keras convolution kernel rearranged into the weight layout Core ML's convolution layer reads.
///
/// Keras stores kernels channels-last: `[kH, kW, in / groups, out]` for a convolution,
/// `[kH, kW, in, multiplier]` for a depthwise one and `[kH, kW, out, in]` for a transposed one.
/// Core ML wants `[out, in / groups, kH, kW]` for a convolution (a depthwise convolution is one
/// with `groups == in`, output `c * multiplier + m` reading input `c`) and `[in, out / groups, kH, kW]`
/// for a deconvolution.
struct ConvolutionKernel: Equatable {
    var height: Int
    var width: Int
    /// Input channels each output channel reads (`in / groups`).
    var kernelChannels: Int
    var outputChannels: Int
    var groups: Int
    /// The values in Core ML's layout.
    var weights: [Float]

    /// A (possibly grouped) convolution kernel `[kH, kW, in / groups, out]`.
    static func regular(_ kernel: [Float], shape: [Int], groups: Int) -> ConvolutionKernel {
        let (kh, kw, kernelChannels, outputs) = (shape[0], shape[1], shape[2], shape[3])
        // The axes of [kH * kW, in / groups, out] reversed.
        let weights = WeightLayout.permuted(kernel, shape: [kh * kw, kernelChannels, outputs], perm: [2, 1, 0])
        return ConvolutionKernel(
            height: kh, width: kw, kernelChannels: kernelChannels, outputChannels: outputs, groups: groups,
            weights: weights)
    }

    /// A depthwise kernel `[kH, kW, in, multiplier]`: one group per input channel.
    static func depthwise(_ kernel: [Float], shape: [Int]) -> ConvolutionKernel {
        let (kh, kw, inputs, multiplier) = (shape[0], shape[1], shape[2], shape[3])
        let outputs = inputs * multiplier
        // Output c * multiplier + m is element c * multiplier + m of each tap: [kH * kW, out] transposed.
        let weights = WeightLayout.permuted(kernel, shape: [kh * kw, outputs], perm: [1, 0])
        return ConvolutionKernel(
            height: kh, width: kw, kernelChannels: 1, outputChannels: outputs, groups: inputs, weights: weights)
    }

    /// A transposed-convolution kernel `[kH, kW, out, in]`, as Core ML's deconvolution
    /// `[in, out, kH, kW]` (one group).
    static func transposed(_ kernel: [Float], shape: [Int]) -> ConvolutionKernel {
        let (kh, kw, outputs, inputs) = (shape[0], shape[1], shape[2], shape[3])
        // [kH * kW, out, in] to [in, out, kH * kW]: the axes reversed.
        let weights = WeightLayout.permuted(kernel, shape: [kh * kw, outputs, inputs], perm: [2, 1, 0])
        return ConvolutionKernel(
            height: kh, width: kw, kernelChannels: inputs, outputChannels: outputs, groups: 1, weights: weights)
    }
}

/// Where a convolution's window goes: strides, dilation and Keras's padding mode, per spatial axis.
struct ConvolutionWindow {
    var strides: [Int]
    var dilation: [Int]
    /// `same` (TensorFlow's: the odd padding unit after the input) or `valid`.
    var same: Bool

    /// The output length along `axis` of a convolution of `size` input positions with a kernel of `taps`.
    func outputSize(_ size: Int, taps: Int, axis: Int) -> Int {
        let extent = (taps - 1) * dilation[axis] + 1
        return same ? (size + strides[axis] - 1) / strides[axis] : (size - extent) / strides[axis] + 1
    }
}
