import CoreMLSpec
import CoreOps

/// `resize` of an NHWC image to any size (``NetworkBuilder/resizeImage(_:_:inputShape:name:)``).
extension LambdaLowering {
    mutating func resize(
        _ input: String, _ node: CoreOpGraph.Node, name: String, shapes: Shapes
    ) throws(CoreMLConversionError) -> String {
        guard shapes.output.count == 4 else { throw failure("resize needs a non-empty NHWC image") }
        let attributes = self.attributes(node)
        let resize = ImageResize(
            height: shapes.output[1], width: shapes.output[2],
            method: try attributes.string("method") == "nearest" ? .nearest : .bilinear,
            alignCorners: try attributes.bool("align_corners"),
            halfPixelCenters: try attributes.bool("half_pixel_centers"))
        do {
            return try builder.resizeImage(input, resize, inputShape: shapes.input, name: name)
        } catch {
            throw failure(error.message)
        }
    }
}
