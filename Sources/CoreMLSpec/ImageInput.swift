/// A Keras input of shape `[H, W, 3]` or `[H, W, 1]` declared as a Core ML image, with the
/// per-pixel preprocessing Core ML applies before the first layer: `scale * pixel + bias`, the bias
/// per channel in the image's channel order names (red, green, blue) or one value for all.
///
/// Written by hand beside the generated messages (scripts/generate_proto.sh replaces only the
/// `.pb.swift` files). Both Core ML formats take it: a NeuralNetwork as preprocessing, an ML
/// Program as operations after the input.
public struct ImageInput: Sendable, Hashable {
    public enum ColorSpace: String, Sendable, CaseIterable {
        case rgb, bgr, grayscale
    }

    public var name: String
    public var colorSpace: ColorSpace
    public var scale: Float
    /// One value for every channel, or red, green, blue.
    public var bias: [Float]

    public init(name: String, colorSpace: ColorSpace = .rgb, scale: Float = 1, bias: [Float] = [0]) {
        self.name = name
        self.colorSpace = colorSpace
        self.scale = scale
        self.bias = bias
    }
}

extension ImageInput {
    /// 1 for grayscale, 3 otherwise.
    public var channels: Int { colorSpace == .grayscale ? 1 : 3 }

    /// Why the input of Keras shape `shape` (batch included) cannot be this image, or `nil`.
    public func problem(shape: [Int]) -> String? {
        guard shape.count == 4, shape[3] == channels else {
            return "an \(colorSpace.rawValue) image input needs the Keras shape (height, width, \(channels)), not "
                + "\(Array(shape.dropFirst()))"
        }
        guard bias.count == 1 || (bias.count == 3 && channels == 3) else {
            return "the image bias takes one value or one per channel (red, green, blue), not \(bias.count)"
        }
        return nil
    }

    /// The bias of each channel in the order the pixels arrive: red, green, blue for RGB; blue,
    /// green, red for BGR; the one value for grayscale.
    public var channelBias: [Float] {
        let rgb = bias.count == 3 ? bias : Array(repeating: bias[0], count: channels)
        return colorSpace == .bgr ? rgb.reversed() : rgb
    }

    /// The feature type of an image of `height` x `width`.
    public func featureType(height: Int, width: Int) -> CoreML_Specification_FeatureType {
        var image = CoreML_Specification_ImageFeatureType()
        image.height = Int64(height)
        image.width = Int64(width)
        switch colorSpace {
        case .rgb: image.colorSpace = .rgb
        case .bgr: image.colorSpace = .bgr
        case .grayscale: image.colorSpace = .grayscale
        }
        var type = CoreML_Specification_FeatureType()
        type.imageType = image
        return type
    }
}
