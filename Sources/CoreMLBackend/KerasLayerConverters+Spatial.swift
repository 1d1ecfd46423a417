import CoreMLSpec
import CoreOps
import KerasModel

extension KerasLayerConverters {
    /// `((top, bottom), (left, right))` from a Keras padding or cropping config (an int, a pair, or pairs).
    static func spatialAmounts(_ context: ConversionContext, key: String) -> [[Int]] {
        if let single = context.int(key) { return [[single, single], [single, single]] }
        let items = context.config[key]?.array ?? []
        let pairs = items.map { $0.array?.compactMap(\.int) ?? [] }
        if pairs.count == 2, pairs.allSatisfy({ $0.count == 2 }) { return pairs }
        let flat = items.compactMap(\.int)
        if flat.count == 2 { return [[flat[0], flat[0]], [flat[1], flat[1]]] }
        return [[0, 0], [0, 0]]
    }

    /// The axis of the height: 2 in a `channels_first` image, 1 in a channels-last one.
    static func heightAxis(_ context: ConversionContext) -> Int {
        context.string("data_format") == "channels_first" ? 2 : 1
    }

    /// Zeros around the height and width of an image, in either layout.
    static func zeroPadding(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let amounts = spatialAmounts(context, key: "padding")
        var shape = shape(builder, input)
        guard shape.count == 4 else { throw failure(context, "expected a 4-D input") }
        let height = heightAxis(context)
        shape[height] += amounts[0][0] + amounts[0][1]
        shape[height + 1] += amounts[1][0] + amounts[1][1]
        var padAmounts = [0, 0, 0, 0, 0, 0, 0, 0]
        padAmounts.replaceSubrange((2 * height)..<(2 * height + 4), with: amounts[0] + amounts[1])
        return builder.add(context.layer.name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_ConstantPaddingLayerParams()
            params.value = 0
            params.padAmounts = padAmounts.map(UInt64.init)
            layer.constantPad = params
        }
    }

    /// A static slice of the height and width, in either layout.
    static func cropping(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let amounts = spatialAmounts(context, key: "cropping")
        var shape = shape(builder, input)
        guard shape.count == 4 else { throw failure(context, "expected a 4-D input") }
        let axis = heightAxis(context)
        let (height, width) = (shape[axis], shape[axis + 1])
        shape[axis] = height - amounts[0][0] - amounts[0][1]
        shape[axis + 1] = width - amounts[1][0] - amounts[1][1]
        var begin: [Int64] = [0, 0, 0, 0]
        var end: [Int64] = [0, 0, 0, 0]
        var masks = [true, true, true, true]
        (begin[axis], begin[axis + 1]) = (Int64(amounts[0][0]), Int64(amounts[1][0]))
        (end[axis], end[axis + 1]) = (Int64(height - amounts[0][1]), Int64(width - amounts[1][1]))
        (masks[axis], masks[axis + 1]) = (false, false)
        return builder.add(context.layer.name, inputs: [input], shape: shape) { layer in
            var params = CoreML_Specification_SliceStaticLayerParams()
            params.beginIds = begin
            params.endIds = end
            params.strides = [1, 1, 1, 1]
            params.beginMasks = masks
            params.endMasks = masks
            layer.sliceStatic = params
        }
    }

    /// Nearest or bilinear upsampling by integer factors, on the [C, H, W] view.
    static func upsampling(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        let size = try context.positivePair("size", default: [2, 2])
        let inputShape = shape(builder, input)
        guard inputShape.count == 4 else { throw failure(context, "expected a 4-D input") }
        let bilinear = context.string("interpolation") == "bilinear"
        let channelsFirst = builder.transpose(input, perm: toChannelsFirst, name: context.layer.name + "_nchw")
        let upsampled = builder.add(
            context.layer.name + "_upsample", inputs: [channelsFirst],
            shape: [inputShape[0], inputShape[3], inputShape[1] * size[0], inputShape[2] * size[1]]
        ) { layer in
            var params = CoreML_Specification_UpsampleLayerParams()
            params.scalingFactor = size.map(UInt64.init)
            params.mode = bilinear ? .bilinear : .nn
            layer.upsample = params
        }
        return builder.transpose(upsampled, perm: toChannelsLast, name: context.layer.name)
    }

    /// Keras's `Resizing`: `tf.image.resize` to the config's size, bilinear or nearest, at
    /// half-pixel centers (``ResizingConfig`` says what else it refuses).
    static func resizing(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        guard let config = ResizingConfig(context.config) else {
            throw failure(context, "expected a positive height and width")
        }
        let inputShape = shape(builder, input)
        guard inputShape.count == 4 else { throw failure(context, "expected a 4-D image input") }
        if let problem = config.problem(inputHeight: inputShape[1], inputWidth: inputShape[2]) {
            throw failure(context, problem)
        }
        let resize = ImageResize(
            height: config.height, width: config.width,
            method: config.interpolation == "nearest" ? .nearest : .bilinear,
            alignCorners: false, halfPixelCenters: true)
        do {
            return try builder.resizeImage(input, resize, inputShape: inputShape, name: context.layer.name)
        } catch {
            throw failure(context, error.message)
        }
    }

    /// `x * scale + offset`.
    static func rescaling(_ context: ConversionContext, _ builder: inout NetworkBuilder) throws(CoreMLConversionError)
        -> String
    {
        guard let input = context.inputs.first else { throw failure(context, "no input") }
        // One number, or one per channel (a list broadcast along the last axis).
        func values(_ key: String, _ value: Double) throws(CoreMLConversionError) -> [Double] {
            guard let stored = context.config[key], !stored.isNull else { return [value] }
            if let number = stored.double { return [number] }
            guard let list = stored.array?.compactMap(\.double), !list.isEmpty, list.count == stored.array?.count
            else { throw failure(context, "'\(key)' must be a number or a list of numbers") }
            return list
        }
        let (scale, offset) = (try values("scale", 1), try values("offset", 0))
        let name = context.layer.name
        let plainOffset = offset.allSatisfy { $0 == 0 }
        let factor = builder.constant(scale, shape: [scale.count], name: name + "_scale")
        let scaled = Elementwise.binary(.multiply, input, factor, name: plainOffset ? name : name + "_scaled", &builder)
        guard !plainOffset else { return scaled }
        let shift = builder.constant(offset, shape: [offset.count], name: name + "_offset")
        return Elementwise.binary(.add, scaled, shift, name: name, &builder)
    }
}
