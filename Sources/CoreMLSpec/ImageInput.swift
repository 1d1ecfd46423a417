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
    /// Why `images` cannot be declared on a model whose inputs are `inputs` (a name none of them
    /// has), or `nil`.
    public static func unknownNames(_ images: [ImageInput], inputs: [String]) -> String? {
        let unknown = Set(images.map(\.name)).subtracting(inputs)
        guard !unknown.isEmpty else { return nil }
        return "no input named \(unknown.sorted().joined(separator: ", ")) to declare as an image; "
            + "the inputs are \(inputs.joined(separator: ", "))"
    }

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

extension ImageInput {
    /// Declares on `type` the image sizes `flexible` (batch first, NHWC) accepts: a range of
    /// heights and of widths, or the enumerated sizes. Returns why it cannot, or `nil`: Core ML
    /// images take one at a time (batch 1) and a fixed number of channels.
    public func applySizes(of flexible: FlexibleInputShape, to type: inout CoreML_Specification_FeatureType) -> String?
    {
        guard flexible.isFlexible else { return nil }
        guard !flexible.hasFlexibleBatch, flexible.defaultShape.first == 1 else {
            return "an image input takes one image at a time: give it a batch of 1"
        }
        var image = type.imageType
        switch flexible.flexibility {
        case .ranges(let ranges):
            guard ranges.count == 4, ranges[3].isFixed else {
                return "an image input of flexible size needs a fixed number of channels"
            }
            func sizeRange(_ range: FlexibleInputShape.SizeRange) -> CoreML_Specification_SizeRange {
                var size = CoreML_Specification_SizeRange()
                size.lowerBound = UInt64(range.lower)
                size.upperBound = Int64(range.upper ?? -1)
                return size
            }
            var sizes = CoreML_Specification_ImageFeatureType.ImageSizeRange()
            sizes.heightRange = sizeRange(ranges[1])
            sizes.widthRange = sizeRange(ranges[2])
            image.imageSizeRange = sizes
        case .enumerated(let shapes):
            guard shapes.allSatisfy({ $0.count == 4 && $0[0] == 1 && $0[3] == flexible.defaultShape[3] }) else {
                return "the enumerated shapes of an image input must share a batch of 1 and its channels"
            }
            var enumerated = CoreML_Specification_ImageFeatureType.EnumeratedImageSizes()
            enumerated.sizes = shapes.map { shape in
                var size = CoreML_Specification_ImageFeatureType.ImageSize()
                size.height = UInt64(shape[1])
                size.width = UInt64(shape[2])
                return size
            }
            image.enumeratedSizes = enumerated
        }
        type.imageType = image
        return nil
    }
}
