import CoreMLSpec

/// The precision of an ML Program: fp16 weights and compute (casts at the inputs and outputs,
/// as coremltools does by default), or fp32 throughout.
public enum MILPrecision: String, Sendable, CaseIterable {
    case float16
    case float32

    /// MIL's name of the compute type, as `cast` takes it.
    var dtypeName: String { self == .float16 ? "fp16" : "fp32" }
}

/// The oldest OS a package must run on; it fixes the MIL opset and the specification version.
public enum MILDeploymentTarget: String, Sendable, CaseIterable, Comparable {
    case iOS15, iOS16, iOS17, iOS18

    /// Parses `iOS15` ... `iOS18` and `macOS12` ... `macOS15` (the macOS release of the same year).
    public init?(parsing text: String) {
        let macOS = ["macOS12": Self.iOS15, "macOS13": .iOS16, "macOS14": .iOS17, "macOS15": .iOS18]
        if let target = Self(rawValue: text) ?? macOS[text] {
            self = target
        } else {
            return nil
        }
    }

    /// The names `--minimum-deployment-target` accepts.
    public static let names = allCases.map(\.rawValue) + ["macOS12", "macOS13", "macOS14", "macOS15"]

    /// The opset name a function's block is written in.
    var opset: String {
        switch self {
        case .iOS15: "CoreML5"
        case .iOS16: "CoreML6"
        case .iOS17: "CoreML7"
        case .iOS18: "CoreML8"
        }
    }

    /// The `specificationVersion` of the model: Core ML 5 (iOS 15) is 6.
    public var specificationVersion: Int32 {
        switch self {
        case .iOS15: 6
        case .iOS16: 7
        case .iOS17: 8
        case .iOS18: 9
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// How `convert -o OUT.mlpackage` writes the program.
public struct MLProgramOptions: Sendable {
    public var precision: MILPrecision
    /// The requested target; nil chooses the lowest that holds the ops used (iOS 15 for every op
    /// emitted today).
    public var deploymentTarget: MILDeploymentTarget?
    public var description: String
    public var metadata: [String: String]
    /// The user's metadata, descriptions, renames and class labels.
    public var interface: ModelInterface
    /// Inputs declared as images instead of multi-arrays.
    public var imageInputs: [ImageInput]
    /// The shapes of inputs with unknown dimensions (or that the user chose), by input name; the
    /// others take their Keras shape with a batch of 1. The program is built at each one's
    /// default shape.
    public var inputShapes: [String: FlexibleInputShape]
    /// The axes of each value (a function input or an operation's output, by name) whose size
    /// depends on a flexible input's, declared of unknown size; found by building the program at
    /// other sizes (``MLProgramConverter/digests(_:lambdas:options:)``).
    public var unknownDimensions: [String: Set<Int>]

    public init(
        precision: MILPrecision = .float16, deploymentTarget: MILDeploymentTarget? = nil, description: String = "",
        metadata: [String: String] = [:], interface: ModelInterface = .init(), imageInputs: [ImageInput] = [],
        inputShapes: [String: FlexibleInputShape] = [:], unknownDimensions: [String: Set<Int>] = [:]
    ) {
        self.imageInputs = imageInputs
        self.inputShapes = inputShapes
        self.unknownDimensions = unknownDimensions
        self.precision = precision
        self.deploymentTarget = deploymentTarget
        self.description = description
        self.metadata = metadata
        self.interface = interface
    }
}
