/// A weight that the rewritten file stores in another form: where it is, and how its stored
/// values change.
public struct WeightChange: Sendable, Equatable {
    public enum Transform: Sendable, Equatable {
        /// A convolution kernel (spatial axes first, as Keras stores every convolution kernel)
        /// spread out by `rates`: tap `i` of spatial axis `a` moves to `i · rates[a]`, with zeros
        /// between. The spread kernel with dilation 1 computes what the kernel did with `rates`.
        case dilated(rates: [Int])
        /// The last axis cut into `parts` equal blocks (a recurrent layer's gates), the blocks
        /// listed multiplied by `factor`.
        case scaled(factor: Double, blocks: [Int], parts: Int)
    }

    /// The `model_weights` group holding the weight: its top-level layer's.
    public var group: String
    /// A name among the components of the weight's name (`lstm/lstm_cell/kernel:0`): the layer's
    /// own, which a nested model's or a wrapper's layer keeps inside its group.
    public var scope: String
    /// The weight's own name (`kernel`), without prefix or `:0` suffix.
    public var weight: String
    public var transform: Transform

    public init(group: String, scope: String, weight: String, transform: Transform) {
        self.group = group
        self.scope = scope
        self.weight = weight
        self.transform = transform
    }

    /// Keras 1's names of Keras 2's weights: it wrote `dense_1_W:0`, not `dense_1/kernel:0`.
    static let keras1Names = ["kernel": "W", "bias": "b"]

    /// Whether `name`, a weight name of `group`, is the weight this change is for.
    public func isFor(weightNamed name: String) -> Bool {
        let parts = name.split(separator: "/")
        guard let last = parts.last?.split(separator: ":").first.map(String.init) else { return false }
        if parts.count == 1, let keras1 = Self.keras1Names[weight] { return last == "\(scope)_\(keras1)" }
        return last == weight && parts.dropLast().contains { $0 == scope }
    }

    /// The shape of the changed weight, or nil when `shape` does not fit the transform.
    public func changedShape(of shape: [Int]) -> [Int]? {
        switch transform {
        case .dilated(let rates):
            guard shape.count >= rates.count, rates.allSatisfy({ $0 >= 1 }),
                shape.prefix(rates.count).allSatisfy({ $0 >= 1 })
            else { return nil }
            var changed = shape
            for (axis, rate) in rates.enumerated() { changed[axis] = (shape[axis] - 1) * rate + 1 }
            return changed
        case .scaled(_, let blocks, let parts):
            guard let last = shape.last, parts >= 1, last % parts == 0, blocks.allSatisfy({ (0..<parts).contains($0) })
            else { return nil }
            return shape
        }
    }

    /// `values` (row-major, of `shape`) changed; nil when they do not fit.
    public func apply(to values: [Float], shape: [Int]) -> (shape: [Int], values: [Float])? {
        guard let changed = changedShape(of: shape), values.count == shape.reduce(1, *) else { return nil }
        switch transform {
        case .dilated(let rates):
            return (changed, Self.spread(values, shape: shape, rates: rates, into: changed))
        case .scaled(let factor, let blocks, let parts):
            guard let last = shape.last, last > 0 else { return (shape, values) }
            let width = last / parts
            var result = values
            for row in stride(from: 0, to: values.count, by: last) {
                for block in blocks {
                    for column in (block * width)..<((block + 1) * width) {
                        result[row + column] = Float(Double(values[row + column]) * factor)
                    }
                }
            }
            return (shape, result)
        }
    }

    private static func spread(_ values: [Float], shape: [Int], rates: [Int], into changed: [Int]) -> [Float] {
        let spatial = rates.count
        // Each spatial position holds a contiguous block of the remaining axes.
        let block = shape.dropFirst(spatial).reduce(1, *)
        var result = [Float](repeating: 0, count: changed.reduce(1, *))
        let positions = shape.prefix(spatial).reduce(1, *)
        for position in 0..<positions {
            var remainder = position
            var target = 0
            var stride = 1
            for axis in (0..<spatial).reversed() {
                let index = remainder % shape[axis]
                remainder /= shape[axis]
                target += index * rates[axis] * stride
                stride *= changed[axis]
            }
            let from = position * block
            let to = target * block
            result.replaceSubrange(to..<(to + block), with: values[from..<(from + block)])
        }
        return result
    }
}
