import CoreMLSpec
import CoreOps

/// Turns model inputs into the tensors the first layers see, and layer blobs back into model
/// outputs: the declared-shape check, the image preprocessing (`NeuralNetworkImageScaler`,
/// `NeuralNetworkMeanImage`) and the rank-5 or exact shape mapping.
struct ImagePreprocessor: Sendable {
    private let network: CoreML_Specification_NeuralNetwork
    private let preprocessing: [String: CoreML_Specification_NeuralNetworkPreprocessing]

    init(
        network: CoreML_Specification_NeuralNetwork, inputs: [CoreML_Specification_FeatureDescription]
    ) throws(CoreMLEvaluationError) {
        self.network = network
        var table: [String: CoreML_Specification_NeuralNetworkPreprocessing] = [:]
        let imageInputs = inputs.filter { feature in
            if case .imageType? = feature.type.type { return true }
            return false
        }
        for entry in network.preprocessing {
            // An empty feature name means the model's only image input.
            let name = entry.featureName.isEmpty && imageInputs.count == 1 ? imageInputs[0].name : entry.featureName
            guard imageInputs.contains(where: { $0.name == name }) else {
                throw CoreMLEvaluationError(
                    problem: .invalidParameter("preprocessing for '\(entry.featureName)', which is not an image input"))
            }
            table[name] = entry
        }
        preprocessing = table
    }

    /// The tensor the layers see for a model input.
    func prepare(_ value: Tensor, for feature: CoreML_Specification_FeatureDescription) throws(CoreMLEvaluationError)
        -> Tensor
    {
        switch feature.type.type {
        case .multiArrayType(let array)?:
            try checkArray(value, array, feature: feature.name)
            guard network.arrayInputShapeMapping == .rank5ArrayMapping else { return value }
            return try rank5(value, feature: feature.name)
        case .imageType(let image)?:
            let channels = image.colorSpace == .grayscale ? 1 : 3
            try checkImage(value, image, channels: channels, feature: feature.name)
            let scaled = try preprocess(value, image: image, feature: feature.name)
            let prefix = network.imageInputShapeMapping == .rank4ImageMapping ? [1] : [1, 1]
            return reshaped(scaled, to: prefix + scaled.shape)
        case nil:
            throw CoreMLEvaluationError(problem: .unsupported("input '\(feature.name)' has no type"))
        case .int64Type?, .doubleType?, .stringType?, .dictionaryType?:
            throw CoreMLEvaluationError(problem: .unsupported("input '\(feature.name)' is not an array or an image"))
        }
    }

    /// A model output as returned by `predict`.
    func presentOutput(_ value: Tensor, for feature: CoreML_Specification_FeatureDescription) -> Tensor {
        guard network.arrayInputShapeMapping == .rank5ArrayMapping,
            case .multiArrayType(let array)? = feature.type.type, !array.shape.isEmpty
        else { return value }
        let declared = array.shape.map { Int($0) }
        guard declared.reduce(1, *) == value.count else { return value }
        return reshaped(value, to: declared)
    }

    /// A multi-array input must have the declared shape, or one its flexibility accepts: a shape
    /// of the enumerated list, or sizes inside every dimension's range (an upper bound of -1 being
    /// unbounded), as Core ML checks before running the network.
    private func checkArray(
        _ value: Tensor, _ array: CoreML_Specification_ArrayFeatureType, feature: String
    ) throws(CoreMLEvaluationError) {
        let declared = array.shape.map { Int($0) }
        switch array.shapeFlexibility {
        case .enumeratedShapes(let enumerated)?:
            let shapes = enumerated.shapes.map { $0.shape.map { Int($0) } }
            guard shapes.contains(value.shape) || value.shape == declared else {
                throw CoreMLEvaluationError(
                    problem: .shapeMismatch(
                        "input '\(feature)' has shape \(value.shape), the model accepts \(shapes)"))
            }
        case .shapeRange(let range)?:
            let ranges = range.sizeRanges
            let fits =
                ranges.count == value.rank
                && zip(ranges, value.shape).allSatisfy { range, size in
                    size >= Int(range.lowerBound) && (range.upperBound < 0 || size <= Int(range.upperBound))
                }
            guard fits else {
                let text = ranges.map { "\($0.lowerBound)..\($0.upperBound < 0 ? "" : String($0.upperBound))" }
                throw CoreMLEvaluationError(
                    problem: .shapeMismatch(
                        "input '\(feature)' has shape \(value.shape), the model accepts \(text.joined(separator: "x"))")
                )
            }
        case nil:
            try check(value, declared: declared, feature: feature)
        }
    }

    /// An image input is [C, H, W] of the declared size, or of one its flexibility accepts: a size
    /// of the enumerated list, or a height and a width inside their ranges (an upper bound of -1
    /// being unbounded).
    private func checkImage(
        _ value: Tensor, _ image: CoreML_Specification_ImageFeatureType, channels: Int, feature: String
    ) throws(CoreMLEvaluationError) {
        let declared = [channels, Int(image.height), Int(image.width)]
        guard value.rank == 3, value.shape[0] == channels else {
            throw CoreMLEvaluationError(
                problem: .shapeMismatch("input '\(feature)' has shape \(value.shape), the model declares \(declared)"))
        }
        let (height, width) = (value.shape[1], value.shape[2])
        func holds(_ range: CoreML_Specification_SizeRange, _ size: Int) -> Bool {
            size >= Int(range.lowerBound) && (range.upperBound < 0 || size <= Int(range.upperBound))
        }
        let accepted: Bool
        switch image.sizeFlexibility {
        case .enumeratedSizes(let sizes)?:
            accepted = sizes.sizes.contains { Int($0.height) == height && Int($0.width) == width }
        case .imageSizeRange(let ranges)?:
            accepted = holds(ranges.heightRange, height) && holds(ranges.widthRange, width)
        case nil:
            accepted = value.shape == declared
        }
        guard accepted else {
            throw CoreMLEvaluationError(
                problem: .shapeMismatch("input '\(feature)' has shape \(value.shape), which the model does not accept"))
        }
    }

    private func check(_ value: Tensor, declared: [Int], feature: String) throws(CoreMLEvaluationError) {
        guard declared.isEmpty || value.shape == declared else {
            throw CoreMLEvaluationError(
                problem: .shapeMismatch("input '\(feature)' has shape \(value.shape), the model declares \(declared)"))
        }
    }

    private func rank5(_ value: Tensor, feature: String) throws(CoreMLEvaluationError) -> Tensor {
        switch value.rank {
        case 1: return reshaped(value, to: [1, 1, value.shape[0], 1, 1])
        case 3: return reshaped(value, to: [1, 1] + value.shape)
        default:
            throw CoreMLEvaluationError(
                problem: .wrongRank(
                    expected: "rank 1 or 3 for the rank-5 input mapping of '\(feature)'", shape: value.shape))
        }
    }

    private func preprocess(
        _ value: Tensor, image: CoreML_Specification_ImageFeatureType, feature: String
    ) throws(CoreMLEvaluationError) -> Tensor {
        guard let entry = preprocessing[feature] else { return value }
        let channels = value.shape[0]
        let plane = value.count / Swift.max(channels, 1)
        var result = value
        switch entry.preprocessor {
        case .scaler(let scaler)?:
            let biases: [Float]
            switch image.colorSpace {
            case .grayscale: biases = [scaler.grayBias]
            case .bgr: biases = [scaler.blueBias, scaler.greenBias, scaler.redBias]
            default: biases = [scaler.redBias, scaler.greenBias, scaler.blueBias]
            }
            for position in result.values.indices {
                let bias = Double(biases[Swift.min(position / plane, biases.count - 1)])
                result.values[position] = Double(scaler.channelScale) * value.values[position] + bias
            }
        case .meanImage(let mean)?:
            guard mean.meanImage.count == value.count else {
                throw CoreMLEvaluationError(
                    problem: .weightCountMismatch(
                        weights: "mean image of '\(feature)'", expected: value.count, got: mean.meanImage.count))
            }
            for position in result.values.indices {
                result.values[position] -= Double(mean.meanImage[position])
            }
        case nil:
            break
        }
        return result
    }

    /// The same values in a shape of equal element count (the callers guarantee the count).
    private func reshaped(_ value: Tensor, to shape: [Int]) -> Tensor {
        (try? value.reshaped(shape)) ?? value
    }
}
