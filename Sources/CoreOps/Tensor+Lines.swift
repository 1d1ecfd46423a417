/// Transforming a tensor one line at a time: the 1-D runs of elements along one axis.
extension Tensor {
    /// Replaces every line along `axis` by `transform` of it; every result must have `length`
    /// elements, which become the axis' new size.
    ///
    /// - Parameters:
    ///   - axis: the axis the lines run along, in `0..<rank`.
    ///   - length: the length of each transformed line.
    ///   - transform: a line's elements in order to the new line's.
    /// - Throws: `CoreOpError` when a transformed line does not have `length` elements.
    public func mappingLines(
        along axis: Int, length: Int, _ transform: ([Double]) throws(CoreOpError) -> [Double]
    ) throws(CoreOpError) -> Tensor {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let size = shape[axis]
        var result = [Double](repeating: 0, count: outer * length * inner)
        for before in 0..<outer {
            for after in 0..<inner {
                let base = before * size * inner + after
                let line = (0..<size).map { values[base + $0 * inner] }
                let mapped = try transform(line)
                guard mapped.count == length else {
                    throw CoreOpError("a line of \(size) became \(mapped.count) elements, expected \(length)")
                }
                let target = before * length * inner + after
                for (position, value) in mapped.enumerated() { result[target + position * inner] = value }
            }
        }
        var newShape = shape
        newShape[axis] = length
        return Tensor(unchecked: newShape, values: result)
    }
}
