import JSON

/// The shape arithmetic of Keras layers, used by ``LayerCatalog``'s rules.
enum LayerShapes {
    enum ChannelRule {
        case filters
        case depthMultiplier
        case same
    }

    static func declaredInput(_ config: JSONObject) -> TensorShape? {
        if let shape = (config["batch_input_shape"] ?? config["batch_shape"])?.array {
            return TensorShape(shape.map(Dimension.size))
        }
        if let shape = (config["input_shape"] ?? config["shape"])?.array {
            return TensorShape([nil] + shape.map(Dimension.size))
        }
        return nil
    }

    static func replacingLast(_ inputs: [TensorShape], _ value: Int?) -> TensorShape? {
        guard let shape = inputs.first, let value, shape.rank >= 1 else { return nil }
        return TensorShape(shape.dimensions.dropLast() + [value])
    }

    static func broadcast(_ inputs: [TensorShape]) -> TensorShape? {
        guard let rank = inputs.map(\.rank).max() else { return nil }
        var result = [Int?](repeating: 1, count: rank)
        for shape in inputs {
            let padded = [Int?](repeating: 1, count: rank - shape.rank) + shape.dimensions
            for (axis, dim) in padded.enumerated() {
                switch (result[axis], dim) {
                case (1, _): result[axis] = dim
                case (_, 1): break
                case (nil, _), (_, nil): result[axis] = result[axis] ?? dim
                default: if result[axis] != dim { return nil }
                }
            }
        }
        return TensorShape(result)
    }

    static func flatten(_ inputs: [TensorShape]) -> TensorShape? {
        guard let shape = inputs.first, shape.rank >= 1 else { return nil }
        let rest = shape.dimensions.dropFirst()
        let size = Dimension.product(Array(rest))
        return TensorShape([shape.dimensions[0], size])
    }

    static func reshape(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first,
            let target = config["target_shape"]?.array?.map({ $0.int == -1 ? -1 : Dimension.size($0) })
        else { return nil }
        var dims = target
        if let unknown = dims.firstIndex(where: { $0 == -1 || $0 == nil }) {
            let known = Dimension.product(dims.enumerated().filter { $0.offset != unknown }.map(\.element))
            if let known, known > 0, let total = Dimension.product(Array(shape.dimensions.dropFirst())) {
                dims[unknown] = total / known
            } else {
                dims[unknown] = nil
            }
        }
        return TensorShape([shape.dimensions.first ?? nil] + dims)
    }

    static func permute(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first, let order = config["dims"]?.array?.compactMap(\.int),
            order.count == shape.rank - 1, order.allSatisfy({ (1..<shape.rank).contains($0) })
        else { return nil }
        return TensorShape([shape.dimensions[0]] + order.map { shape.dimensions[$0] })
    }

    static func concatenate(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let first = inputs.first, first.rank > 0 else { return nil }
        let axisValue = config["axis"]?.int ?? -1
        let axis = axisValue < 0 ? first.rank + axisValue : axisValue
        guard (0..<first.rank).contains(axis), inputs.allSatisfy({ $0.rank == first.rank }) else { return nil }
        var result = first.dimensions
        result[axis] = inputs.reduce(0 as Int?) { total, shape in
            guard let total, let dim = shape.dimensions[axis] else { return nil }
            return total + dim
        }
        return TensorShape(result)
    }

    /// Convolutions and poolings: spatial sizes from kernel, strides, padding and dilation.
    /// Reads Keras 2/3 keys and their Keras 1 names (`nb_filter`, `subsample`, `border_mode`, ...).
    static func convolution(_ inputs: [TensorShape], _ config: JSONObject, channels: ChannelRule) -> TensorShape? {
        guard let shape = inputs.first, shape.rank >= 3 else { return nil }
        let spatialCount = shape.rank - 2
        let channelsFirst = config["data_format"]?.string == "channels_first" || config["dim_ordering"]?.string == "th"
        let channelAxis = channelsFirst ? 1 : shape.rank - 1
        let spatialAxes = channelsFirst ? Array(2..<shape.rank) : Array(1..<(shape.rank - 1))
        let kernelValue =
            config["kernel_size"] ?? config["pool_size"] ?? config["filter_length"] ?? config["pool_length"]
            ?? keras1Kernel(config)
        let kernel = integers(kernelValue, count: spatialCount, default: 2)
        let stridesValue = config["strides"] ?? config["subsample"] ?? config["subsample_length"] ?? config["stride"]
        let strides = integers(stridesValue, count: spatialCount, default: nil) ?? kernel
        let dilation = integers(config["dilation_rate"] ?? config["atrous_rate"], count: spatialCount, default: 1)
        guard let kernel, let strides, let dilation else { return nil }
        // Causal padding (Conv1D) adds the kernel's reach before the sequence: as long as `same`.
        let padding = config["padding"]?.string ?? config["border_mode"]?.string ?? "valid"
        let same = padding == "same" || padding == "causal"
        var result = shape.dimensions
        for (index, axis) in spatialAxes.enumerated() {
            guard let size = shape.dimensions[axis], strides[index] > 0 else {
                result[axis] = nil
                continue
            }
            let span = (kernel[index] - 1) * dilation[index] + 1
            result[axis] =
                same ? (size + strides[index] - 1) / strides[index] : max(0, (size - span) / strides[index] + 1)
        }
        switch channels {
        case .filters: result[channelAxis] = Dimension.size(config["filters"] ?? config["nb_filter"])
        case .depthMultiplier:
            result[channelAxis] = Dimension.product([
                shape.dimensions[channelAxis], Dimension.size(config["depth_multiplier"]) ?? 1,
            ])
        case .same: break
        }
        return TensorShape(result)
    }

    /// Keras 1 wrote 2D kernel sizes as `nb_row` and `nb_col`.
    private static func keras1Kernel(_ config: JSONObject) -> JSONValue? {
        guard let rows = config["nb_row"], let columns = config["nb_col"] else { return nil }
        return .array([rows, columns])
    }

    static func transposedConvolution(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first, shape.rank == 4,
            let kernel = integers(config["kernel_size"], count: 2, default: nil),
            let strides = integers(config["strides"], count: 2, default: 1)
        else { return nil }
        let same = (config["padding"]?.string ?? "valid") == "same"
        let dilation = integers(config["dilation_rate"], count: 2, default: 1) ?? [1, 1]
        let outputPadding = integers(config["output_padding"], count: 2, default: nil)
        let channelsFirst = config["data_format"]?.string == "channels_first"
        let firstSpatial = channelsFirst ? 2 : 1
        var result = shape.dimensions
        // Keras's `deconv_output_length`.
        for index in 0..<2 {
            let span = (kernel[index] - 1) * dilation[index] + 1
            let stride = strides[index]
            // Sizes and config values are at most 2^31 (``Dimension``), so each product is checked
            // and the sums after it cannot overflow.
            result[index + firstSpatial] = shape.dimensions[index + firstSpatial].flatMap { size in
                guard let extra = outputPadding?[index] else {
                    return Dimension.product([size, stride]).map { same ? $0 : $0 + max(span - stride, 0) }
                }
                return Dimension.product([size - 1, stride]).map { $0 + span - (same ? 2 * (span / 2) : 0) + extra }
            }
        }
        result[channelsFirst ? 1 : 3] = Dimension.size(config["filters"])
        return TensorShape(result)
    }

    static func globalPooling(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first, shape.rank >= 3 else { return nil }
        let channelsFirst = config["data_format"]?.string == "channels_first"
        let channels = channelsFirst ? shape.dimensions[1] : shape.dimensions[shape.rank - 1]
        if config["keepdims"]?.bool == true {
            var result = [Int?](repeating: 1, count: shape.rank)
            result[0] = shape.dimensions[0]
            result[channelsFirst ? 1 : shape.rank - 1] = channels
            return TensorShape(result)
        }
        return TensorShape([shape.dimensions[0], channels])
    }

    /// ZeroPadding, Cropping and UpSampling in 1D and 2D; the spatial axes follow the channels
    /// in `channels_first` layers.
    static func spatialResize(_ className: String, _ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first else { return nil }
        let firstSpatial = config["data_format"]?.string == "channels_first" ? 2 : 1
        let spatialCount = className.hasSuffix("1D") ? 1 : 2
        guard shape.rank == spatialCount + 2 else { return nil }
        var result = shape.dimensions
        for index in 0..<spatialCount {
            let axis = index + firstSpatial
            if className.hasPrefix("UpSampling") {
                guard let factors = integers(config["size"], count: spatialCount, default: 2) else { return nil }
                result[axis] = Dimension.product([shape.dimensions[axis], factors[index]])
            } else {
                let key = className.hasPrefix("Zero") ? "padding" : "cropping"
                guard let (before, after) = pair(config[key], index: index, spatialCount: spatialCount) else {
                    return nil
                }
                let sign = className.hasPrefix("Zero") ? 1 : -1
                result[axis] = shape.dimensions[axis].map { $0 + sign * (before + after) }
            }
        }
        return TensorShape(result)
    }

    /// Keras's `Resizing`: the image's height and width become the config's.
    static func resizing(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard let shape = inputs.first, shape.rank == 4, let height = Dimension.size(config["height"]),
            let width = Dimension.size(config["width"])
        else { return nil }
        var result = shape.dimensions
        let firstSpatial = config["data_format"]?.string == "channels_first" ? 2 : 1
        result[firstSpatial] = height
        result[firstSpatial + 1] = width
        return TensorShape(result)
    }

    static func recurrent(_ inputs: [TensorShape], _ config: JSONObject, multiplier: Int) -> TensorShape? {
        guard let shape = inputs.first, shape.rank == 3, let units = Dimension.size(config["units"]) else { return nil }
        if config["return_sequences"]?.bool == true {
            return TensorShape([shape.dimensions[0], shape.dimensions[1], units * multiplier])
        }
        return TensorShape([shape.dimensions[0], units * multiplier])
    }

    /// A Lambda's shape is known only from a literal `output_shape` (the rest needs its function).
    static func lambda(_ inputs: [TensorShape], _ config: JSONObject) -> TensorShape? {
        guard config["output_shape_type"]?.string == "raw" || config["output_shape_type"] == nil,
            let declared = config["output_shape"]?.array, declared.allSatisfy({ $0.int != nil || $0.isNull })
        else { return nil }
        let batch = inputs.first?.dimensions.first ?? nil
        return TensorShape([batch] + declared.map(\.int))
    }

    /// An int or a list of ints, as `count` values.
    static func integers(_ value: JSONValue?, count: Int, default fallback: Int?) -> [Int]? {
        guard let value, !value.isNull else { return fallback.map { Array(repeating: $0, count: count) } }
        if let single = Dimension.size(value) { return Array(repeating: single, count: count) }
        let items = value.array?.compactMap(Dimension.size) ?? []
        return items.count == count ? items : nil
    }

    /// `(before, after)` padding of spatial axis `index` from an int, a list of ints or a list of pairs.
    private static func pair(_ value: JSONValue?, index: Int, spatialCount: Int) -> (Int, Int)? {
        guard let value else { return nil }
        if let single = Dimension.size(value) { return (single, single) }
        guard let items = value.array else { return nil }
        if spatialCount == 1, items.count == 2, let before = Dimension.size(items[0]),
            let after = Dimension.size(items[1])
        {
            return (before, after)
        }
        guard let item = items[safe: index] else { return nil }
        if let single = Dimension.size(item) { return (single, single) }
        guard let both = item.array, both.count == 2, let before = Dimension.size(both[0]),
            let after = Dimension.size(both[1])
        else {
            return nil
        }
        return (before, after)
    }
}
