/// A dense tensor of doubles in row-major order: the values the reference evaluations compute on.
///
/// Evaluation is in double precision; TensorFlow's float32 results agree to within float32
/// rounding, which is what numeric rule tests allow for.
public struct Tensor: Hashable, Sendable, CustomStringConvertible {
    /// The size of each dimension; `[]` for a scalar.
    public var shape: [Int]
    /// The elements, last dimension fastest.
    public var values: [Double]

    /// Creates a tensor, checking that the values fill the shape.
    /// - Throws: `CoreOpError` for a negative dimension or a value count that is not the product
    ///   of the shape.
    public init(shape: [Int], values: [Double]) throws(CoreOpError) {
        if let negative = shape.first(where: { $0 < 0 }) {
            throw CoreOpError(op: "tensor", message: "negative dimension \(negative) in shape \(shape)")
        }
        guard let count = ShapeRules.elementCount(shape) else {
            throw CoreOpError(op: "tensor", message: "shape \(shape) has too many elements")
        }
        guard values.count == count else {
            throw CoreOpError(
                op: "tensor", message: "shape \(shape) holds \(count) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// Creates a rank-0 tensor.
    public init(scalar value: Double) {
        self.shape = []
        self.values = [value]
    }

    /// Creates a 1-D tensor of `values`.
    public init(vector values: [Double]) {
        self.shape = [values.count]
        self.values = values
    }

    /// A rank-0 tensor.
    public static func scalar(_ value: Double) -> Tensor {
        Tensor(scalar: value)
    }

    /// A tensor whose element at each multi-index is `valueAt(index)`, computed in row-major order.
    ///
    /// A negative dimension counts as zero.
    /// - Throws: whatever `valueAt` throws.
    public init<E: Error>(shape: [Int], valueAt: ([Int]) throws(E) -> Double) throws(E) {
        let dimensions = shape.map { Swift.max($0, 0) }
        var values: [Double] = []
        values.reserveCapacity(ShapeRules.elementCount(dimensions) ?? 0)
        var index = [Int](repeating: 0, count: dimensions.count)
        if !dimensions.contains(0) {
            repeat {
                values.append(try valueAt(index))
            } while Self.advance(&index, within: dimensions)
        }
        self.shape = dimensions
        self.values = values
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { values.count }

    /// How far apart, in `values`, neighbours along each dimension are.
    public var strides: [Int] { Self.strides(of: shape) }

    /// The position in `values` of the element at a multi-index.
    ///
    /// - Precondition: `index` has one in-range entry per dimension (an out-of-range index traps
    ///   like an array subscript does).
    public func offset(of index: [Int]) -> Int {
        precondition(index.count == rank, "index \(index) for a tensor of shape \(shape)")
        var offset = 0
        for (axis, position) in index.enumerated() {
            precondition(position >= 0 && position < shape[axis], "index \(index) out of range for shape \(shape)")
            offset = offset * shape[axis] + position
        }
        return offset
    }

    /// The multi-index of the element at a position in `values`.
    public func index(ofOffset offset: Int) -> [Int] {
        var remainder = offset
        var index = [Int](repeating: 0, count: rank)
        for axis in stride(from: rank - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return index
    }

    /// The element at a multi-index: `t[[1, 2]]`.
    public subscript(index: [Int]) -> Double {
        get { values[offset(of: index)] }
        set { values[offset(of: index)] = newValue }
    }

    /// The element at a multi-index: `t[1, 2]`.
    public subscript(index: Int...) -> Double {
        get { self[index] }
        set { self[index] = newValue }
    }

    /// The same values in another shape.
    /// - Throws: `CoreOpError` when the element counts differ.
    public func reshaped(_ newShape: [Int]) throws(CoreOpError) -> Tensor {
        try Tensor(shape: newShape, values: values)
    }

    /// Applies `transform` to every element.
    public func map<E: Error>(_ transform: (Double) throws(E) -> Double) throws(E) -> Tensor {
        var result = self
        result.values = try values.map(transform)
        return result
    }

    /// The dimensions permuted: dimension `i` of the result is dimension `permutation[i]` of this.
    ///
    /// - Precondition: `permutation` is a permutation of `0..<rank`.
    public func transposed(_ permutation: [Int]) -> Tensor {
        let strides = self.strides
        let newShape = permutation.map { shape[$0] }
        let source = permutation.map { strides[$0] }
        return Tensor(shape: newShape) { (index: [Int]) -> Double in
            values[zip(index, source).reduce(0) { $0 + $1.0 * $1.1 }]
        }
    }

    /// Whether the shapes are equal and every pair of elements is within `tolerance` (NaNs match
    /// NaNs, infinities match equal infinities).
    public func isApproximatelyEqual(to other: Tensor, tolerance: Double = 1e-9) -> Bool {
        guard shape == other.shape else { return false }
        return zip(values, other.values).allSatisfy { lhs, rhs in
            if lhs.isNaN || rhs.isNaN { return lhs.isNaN && rhs.isNaN }
            if lhs.isInfinite || rhs.isInfinite { return lhs == rhs }
            return Swift.abs(lhs - rhs) <= tolerance
        }
    }

    /// `Tensor([2, 2]: [1.0, 2.0, 3.0, 4.0])`.
    public var description: String {
        "Tensor(\(shape): \(values))"
    }

    /// Row-major strides of a shape.
    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        return strides
    }

    /// Steps a multi-index to the next one in row-major order; false after the last.
    static func advance(_ index: inout [Int], within shape: [Int]) -> Bool {
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] += 1
            if index[axis] < shape[axis] { return true }
            index[axis] = 0
        }
        return false
    }

    /// A tensor from values the caller computed for `shape`.
    init(unchecked shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }
}
