/// Reducing a tensor over some of its axes.
extension Tensor {
    /// Combines, for each position of the axes kept, the elements along the reduced axes.
    ///
    /// - Parameters:
    ///   - axes: the axes to reduce, each in `0..<rank`.
    ///   - keepingDimensions: whether reduced axes stay as dimensions of size 1.
    ///   - combine: the reduction of one group's elements, in row-major order; the group is empty
    ///     when a reduced axis has size 0.
    func reduced(
        over axes: [Int], keepingDimensions: Bool, _ combine: ([Double]) -> Double
    ) -> Tensor {
        let reduced = Set(axes)
        let keptShape = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let keptStrides = Self.strides(of: keptShape)
        var groups = [[Double]](repeating: [], count: keptShape.reduce(1, *))
        var index = [Int](repeating: 0, count: rank)
        for value in values {
            var group = 0
            for axis in 0..<rank where !reduced.contains(axis) {
                group += index[axis] * keptStrides[axis]
            }
            groups[group].append(value)
            _ = Self.advance(&index, within: shape)
        }
        let outputShape =
            keepingDimensions ? keptShape : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        return Tensor(unchecked: outputShape, values: groups.map(combine))
    }
}
