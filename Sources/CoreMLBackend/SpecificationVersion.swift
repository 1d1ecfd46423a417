import CoreMLSpec

/// The lowest Core ML specification version that holds a network, following the rules Core ML
/// itself applies when it reads a model (each version is what an OS release introduced).
enum SpecificationVersion {
    /// iOS 13: the ND layers and the exact (rank-free) array input mapping. Every network the
    /// converter writes keeps Keras ranks through that mapping, so this is the floor.
    static let exactArrayMapping: Int32 = 4
    /// iOS 14: a few more layers and modes.
    static let iOS14: Int32 = 5

    /// The version a layer needs beyond the floor.
    static func required(by layer: CoreML_Specification_NeuralNetworkLayer) -> Int32 {
        switch layer.layer {
        case .clampedReLu?, .oneHot?, .cumSum?:
            return iOS14
        case .upsample(let params)?:
            return params.linearUpsampleMode != .default || !params.fractionalScalingFactor.isEmpty
                ? iOS14 : exactArrayMapping
        case .reorganizeData(let params)?:
            return params.mode == .pixelShuffle ? iOS14 : exactArrayMapping
        default:
            return exactArrayMapping
        }
    }
}
