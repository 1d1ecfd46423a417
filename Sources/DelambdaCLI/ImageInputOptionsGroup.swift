import ArgumentParser
import Pipeline

/// `--image-input` and its preprocessing, for `convert`.
struct ImageInputOptionsGroup: ParsableArguments {
    @Option(
        name: .customLong("image-input"),
        help: ArgumentHelp(
            "Declare this Keras input, of shape (height, width, 3 or 1), a Core ML image (repeatable).",
            valueName: "NAME"))
    var names: [String] = []

    @Option(help: "Every pixel value is multiplied by this before the first layer.")
    var imageScale: Float = 1

    @Option(
        help: ArgumentHelp(
            "Added after scaling: one value, or red,green,blue (write a negative one as --image-bias=-1).",
            valueName: "B|R,G,B"))
    var imageBias: String = "0"

    @Option(help: "The images' channels: rgb, bgr or grayscale.")
    var imageColor: ImageInput.ColorSpace = .rgb

    /// Refuses a bias that is not one number or three, and preprocessing without an image input.
    mutating func validate() throws {
        _ = try inputs()
    }

    func inputs() throws -> [ImageInput] {
        guard let bias = ImageInput.bias(imageBias) else {
            throw ValidationError("--image-bias takes one number or three (red,green,blue), not '\(imageBias)'")
        }
        guard !names.isEmpty || (imageScale == 1 && bias == [0] && imageColor == .rgb) else {
            throw ValidationError("--image-scale, --image-bias and --image-color need --image-input NAME")
        }
        return names.map { ImageInput(name: $0, colorSpace: imageColor, scale: imageScale, bias: bias) }
    }
}

extension ImageInput.ColorSpace: ExpressibleByArgument {}
