import Foundation

/// `resize` on NHWC images with the sampling of TensorFlow's `ResizeBilinear` and
/// `ResizeNearestNeighbor` kernels.
///
/// `tf.image.resize` (TF 2) samples at half-pixel centers; `tf.compat.v1.image.resize_bilinear`
/// and Keras 2's `UpSampling2D` use neither half-pixel centers nor aligned corners. Both flags are
/// attributes, so every variant is one op. Backends read `axisWeights` to express any variant
/// as a linear map where they have no layer sampling the same grid.
public struct ImageResize: Sendable {
    public enum Method: String, CaseIterable, Sendable {
        case bilinear
        case nearest
    }

    public let height: Int
    public let width: Int
    public let method: Method
    public let alignCorners: Bool
    public let halfPixelCenters: Bool

    /// A resize to `height` x `width`; the flags are TensorFlow's (at most one of them true).
    public init(height: Int, width: Int, method: Method, alignCorners: Bool, halfPixelCenters: Bool) {
        self.height = height
        self.width = width
        self.method = method
        self.alignCorners = alignCorners
        self.halfPixelCenters = halfPixelCenters
    }

    init(_ attributes: AttributeReader) throws(CoreOpError) {
        let size = try attributes.ints("size")
        guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw CoreOpError("size \(size) must be two positive sizes [height, width]")
        }
        height = size[0]
        width = size[1]
        method = Method(rawValue: try attributes.string("method")) ?? .bilinear
        alignCorners = try attributes.bool("align_corners")
        halfPixelCenters = try attributes.bool("half_pixel_centers")
        if alignCorners && halfPixelCenters {
            throw CoreOpError("align_corners and half_pixel_centers cannot both be true")
        }
    }

    func shape(_ input: [Int?]) throws(CoreOpError) -> [Int?] {
        try ShapeRules.requireRank(input, 4, "an NHWC image batch")
        return [input[0], height, width, input[3]]
    }

    func apply(to image: Tensor) throws(CoreOpError) -> Tensor {
        try ShapeRules.requireRank(ShapeRules.known(image.shape), 4, "an NHWC image batch")
        let (inHeight, inWidth) = (image.shape[1], image.shape[2])
        guard inHeight > 0 && inWidth > 0 else {
            throw CoreOpError("cannot resize an empty image of shape \(ShapeRules.describe(image.shape))")
        }
        let rows = samples(count: height, from: inHeight)
        let columns = samples(count: width, from: inWidth)
        let shape = [image.shape[0], height, width, image.shape[3]]
        return Tensor(shape: shape) { (index: [Int]) -> Double in
            let (batch, row, column, channel) = (index[0], index[1], index[2], index[3])
            func pixel(_ y: Int, _ x: Int) -> Double { image[batch, y, x, channel] }
            let (r, c) = (rows[row], columns[column])
            if method == .nearest { return pixel(r.lower, c.lower) }
            let top = pixel(r.lower, c.lower) + (pixel(r.lower, c.upper) - pixel(r.lower, c.lower)) * c.weight
            let bottom = pixel(r.upper, c.lower) + (pixel(r.upper, c.upper) - pixel(r.upper, c.lower)) * c.weight
            return top + (bottom - top) * r.weight
        }
    }

    /// Where output position `i` reads along one axis: `lower` and `upper` input positions and the
    /// weight of `upper`. Nearest-neighbour sampling reads one position (`lower == upper`).
    private struct Sample {
        var lower: Int
        var upper: Int
        var weight: Double
    }

    /// The linear map one axis of `size` input positions goes through to reach `count` output
    /// positions, as a `[size, count]` row-major matrix: column `i` holds the weights output
    /// position `i` gives each input position (two for bilinear sampling, one for nearest).
    public func axisWeights(count: Int, from size: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: size * count)
        for (position, sample) in samples(count: count, from: size).enumerated() {
            weights[sample.lower * count + position] += 1 - sample.weight
            weights[sample.upper * count + position] += sample.weight
        }
        return weights
    }

    private func samples(count: Int, from size: Int) -> [Sample] {
        let scale = alignCorners && count > 1 ? Double(size - 1) / Double(count - 1) : Double(size) / Double(count)
        return (0..<count).map { position in
            switch method {
            case .bilinear:
                let source = halfPixelCenters ? (Double(position) + 0.5) * scale - 0.5 : Double(position) * scale
                let below = source.rounded(.down)
                return Sample(
                    lower: Swift.max(Int(below), 0), upper: Swift.min(Int(source.rounded(.up)), size - 1),
                    weight: source - below)
            case .nearest:
                // TensorFlow's nearest-neighbour scaler adds the half pixel but does not subtract it.
                let source = halfPixelCenters ? (Double(position) + 0.5) * scale : Double(position) * scale
                var index = Swift.min(
                    Int(alignCorners ? source.rounded(.toNearestOrAwayFromZero) : source.rounded(.down)), size - 1)
                if halfPixelCenters { index = Swift.max(index, 0) }
                return Sample(lower: index, upper: index, weight: 0)
            }
        }
    }
}
