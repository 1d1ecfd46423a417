import CoreOps
import ONNXSpec

extension ONNXGraphBuilder {
    /// `tf.image.resize`'s sampling of an NHWC image: ONNX's `Resize` on the channels-first
    /// tensor, with coordinates mapped as TensorFlow maps them (aligned corners, half-pixel
    /// centres, or neither) and the output size given after the input's own batch and channels.
    /// Shared by the `resize` core op and Keras's `Resizing` layer. A whole-number enlargement
    /// is given by its `scales` instead, which hold at any input size (the output size fixes it).
    mutating func resizeImage(_ input: String, _ resize: ImageResize, name: String) -> String {
        let first = transpose(input, perm: [0, 3, 1, 2], name: name + "_nchw")
        let sizeOrScales: [String]
        if let known = shapes[first], known.count == 4, known[2] > 0, known[3] > 0,
            resize.height % known[2] == 0, resize.width % known[3] == 0
        {
            let factors = [resize.height / known[2], resize.width / known[3]].map(Float.init)
            sizeOrScales = [floats([1, 1] + factors, shape: [4], name: name + "_scales")]
        } else {
            let dimensions = node("Shape", [first], name: name + "_shape", shape: nil)
            let leading = slice(dimensions, starts: [0], ends: [2], axes: [0], name: name + "_leading", shape: nil)
            let sizes = node(
                "Concat", [leading, ints([resize.height, resize.width], name: name + "_size")], name: name + "_sizes",
                shape: nil, [ONNXAttribute.int("axis", 0)])
            sizeOrScales = ["", sizes]  // Resize's inputs: X, roi, scales, sizes
        }
        let coordinates = resize.alignCorners ? "align_corners" : resize.halfPixelCenters ? "half_pixel" : "asymmetric"
        var mode = [
            ONNXAttribute.string("mode", resize.method == .bilinear ? "linear" : "nearest"),
            ONNXAttribute.string("coordinate_transformation_mode", coordinates),
        ]
        if resize.method == .nearest {
            // TensorFlow's half-pixel nearest reads floor((x + 0.5) * scale): half_pixel's
            // (x + 0.5) * scale - 0.5 rounded with ties up.
            let aligned = resize.alignCorners || resize.halfPixelCenters
            mode.append(ONNXAttribute.string("nearest_mode", aligned ? "round_prefer_ceil" : "floor"))
        }
        let resized = node(
            "Resize", [first, ""] + sizeOrScales, name: name + "_resized",
            shape: shapes[first].map { [$0[0], $0[1], resize.height, resize.width] }, mode)
        return transpose(resized, perm: [0, 2, 3, 1], name: name)
    }
}
