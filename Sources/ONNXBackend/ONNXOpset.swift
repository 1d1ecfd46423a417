/// The ONNX operator set a model is written for, with the IR version that goes with it.
///
/// Operators change their signatures between opsets (reductions take their axes as an input from
/// opset 18, `Gelu` exists from 20): lowerings ask the opset rather than assume one.
public struct ONNXOpset: Hashable, Sendable {
    /// The default opset: 17 runs on onnxruntime 1.12 and later.
    public static let standard = ONNXOpset(unchecked: 17)
    /// The opsets `--opset` accepts.
    public static let supported = 13...21

    public let version: Int

    /// The opset `version`, or nil outside ``supported``.
    public init?(_ version: Int) {
        guard Self.supported.contains(version) else { return nil }
        self.version = version
    }

    private init(unchecked version: Int) { self.version = version }

    /// The IR version released with this opset (13-14: 7, 15-18: 8, 19-20: 9, 21: 10).
    public var irVersion: Int64 {
        switch version {
        case ...14: 7
        case ...18: 8
        case ...20: 9
        default: 10
        }
    }

    /// Whether ReduceMean, ReduceMax, ReduceMin, ReduceProd take their axes as an input (opset 18).
    var reductionAxesAsInput: Bool { version >= 18 }
    /// Whether the `Gelu` operator exists (opset 20).
    var hasGelu: Bool { version >= 20 }
}
