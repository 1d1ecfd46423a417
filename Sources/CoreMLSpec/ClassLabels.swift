/// A classifier's class labels, in the order of the probabilities output they name: strings, or
/// whole numbers. With them a Core ML model reports the most probable label (`classLabel`) and
/// the probability of each label, as Apple's classifiers do.
///
/// Written by hand beside the generated messages (scripts/generate_proto.sh replaces only the
/// `.pb.swift` files).
public enum ClassLabels: Sendable, Equatable {
    case strings([String])
    case integers([Int64])

    /// The name of the predicted-label output, as coremltools names it.
    public static let predictedFeatureName = "classLabel"

    public var count: Int {
        switch self {
        case .strings(let labels): labels.count
        case .integers(let labels): labels.count
        }
    }

    /// Each label as text (whole numbers in decimal), in order.
    public var texts: [String] {
        switch self {
        case .strings(let labels): labels
        case .integers(let labels): labels.map(String.init)
        }
    }

    /// The feature type of one label.
    var labelType: CoreML_Specification_FeatureType {
        var type = CoreML_Specification_FeatureType()
        switch self {
        case .strings: type.stringType = .init()
        case .integers: type.int64Type = .init()
        }
        return type
    }

    /// The feature type of the probabilities: a dictionary keyed by label.
    var probabilitiesType: CoreML_Specification_FeatureType {
        var dictionary = CoreML_Specification_DictionaryFeatureType()
        switch self {
        case .strings: dictionary.stringKeyType = .init()
        case .integers: dictionary.int64KeyType = .init()
        }
        var type = CoreML_Specification_FeatureType()
        type.dictionaryType = dictionary
        return type
    }

    /// Makes `description` a classifier's: the output `probabilities` becomes a dictionary from
    /// label to probability, and the predicted label is a new output after the others.
    public func apply(to description: inout CoreML_Specification_ModelDescription, probabilities: String) {
        for index in description.output.indices where description.output[index].name == probabilities {
            description.output[index].type = probabilitiesType
        }
        var label = CoreML_Specification_FeatureDescription()
        label.name = Self.predictedFeatureName
        label.type = labelType
        description.output.append(label)
        description.predictedFeatureName = Self.predictedFeatureName
        description.predictedProbabilitiesName = probabilities
    }

    /// The labels as a neural network classifier holds them.
    public func apply(to classifier: inout CoreML_Specification_NeuralNetworkClassifier) {
        switch self {
        case .strings(let labels):
            var vector = CoreML_Specification_StringVector()
            vector.vector = labels
            classifier.stringClassLabels = vector
        case .integers(let labels):
            var vector = CoreML_Specification_Int64Vector()
            vector.vector = labels
            classifier.int64ClassLabels = vector
        }
    }

    /// The labels a neural network classifier holds, if it holds any.
    public init?(_ classifier: CoreML_Specification_NeuralNetworkClassifier) {
        switch classifier.classLabels {
        case .stringClassLabels(let vector)?: self = .strings(vector.vector)
        case .int64ClassLabels(let vector)?: self = .integers(vector.vector)
        case nil: return nil
        }
    }
}

/// What a classifier reports for one prediction: the most probable label and each label's
/// probability, labels as text (whole numbers in decimal).
public struct Classification: Sendable, Equatable {
    public var label: String
    public var probabilities: [String: Double]

    public init(label: String, probabilities: [String: Double]) {
        self.label = label
        self.probabilities = probabilities
    }
}

extension ClassLabels {
    /// The classification of `probabilities`, one per label in order: the label of the largest
    /// (the first of equals), and the dictionary from label to probability. `nil` when the counts
    /// differ.
    public func classify(_ probabilities: [Double]) -> Classification? {
        guard probabilities.count == count, var best = probabilities.indices.first else { return nil }
        for index in probabilities.indices where probabilities[index] > probabilities[best] { best = index }
        let texts = self.texts
        return Classification(
            label: texts[best], probabilities: Dictionary(uniqueKeysWithValues: zip(texts, probabilities)))
    }
}
