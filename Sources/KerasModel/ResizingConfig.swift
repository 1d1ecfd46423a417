import JSON

/// What a Keras `Resizing` layer's config asks for, and whether a converter can give it.
///
/// Both Keras families resize with `tf.image.resize` (half-pixel centers, no corner alignment);
/// Keras 3 adds antialiasing, padding to the aspect ratio and `channels_first`.
public struct ResizingConfig: Sendable, Equatable {
    public var height: Int
    public var width: Int
    /// `"bilinear"` (the default), `"nearest"`, or a method no converter samples (`"bicubic"`...).
    public var interpolation: String
    public var cropToAspectRatio: Bool
    public var padToAspectRatio: Bool
    public var antialias: Bool
    public var channelsFirst: Bool

    /// Reads the config; nil when the height or width is missing or not a size.
    public init?(_ config: JSONObject) {
        guard let height = Dimension.size(config["height"]), let width = Dimension.size(config["width"]),
            height > 0, width > 0
        else { return nil }
        self.height = height
        self.width = width
        interpolation = config["interpolation"]?.string ?? "bilinear"
        cropToAspectRatio = config["crop_to_aspect_ratio"]?.bool ?? false
        padToAspectRatio = config["pad_to_aspect_ratio"]?.bool ?? false
        antialias = config["antialias"]?.bool ?? false
        channelsFirst = config["data_format"]?.string == "channels_first"
    }

    /// Why a plain resize of an NHWC image of `height` x `width` would not compute what the
    /// layer does; nil when it would. Cropping or padding to the target's aspect ratio does
    /// nothing when the ratios already agree; antialiasing only matters when shrinking.
    public func problem(inputHeight: Int, inputWidth: Int) -> String? {
        if channelsFirst { return "only channels_last is supported" }
        guard interpolation == "bilinear" || interpolation == "nearest" else {
            return "interpolation '\(interpolation)' is not supported (bilinear and nearest are)"
        }
        let sameRatio = inputHeight * width == inputWidth * height
        if (cropToAspectRatio || padToAspectRatio) && !sameRatio {
            let what = cropToAspectRatio ? "crop_to_aspect_ratio" : "pad_to_aspect_ratio"
            return "\(what) with an input of \(inputHeight)x\(inputWidth) and a target of \(height)x\(width) "
                + "(different aspect ratios) is not supported"
        }
        if antialias && (height < inputHeight || width < inputWidth) {
            return "antialias when shrinking is not supported"
        }
        return nil
    }
}
