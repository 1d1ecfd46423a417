import KerasModel
import Testing

/// The axis reordering every kernel goes through, against a direct index computation.
@Suite struct WeightLayoutTests {
    /// The element of the permuted tensor at `index`, computed the slow, obvious way.
    static func naive(_ values: [Float], shape: [Int], perm: [Int], at index: Int) -> Float {
        let sizes = perm.map { shape[$0] }
        var rest = index
        var coordinates = [Int](repeating: 0, count: shape.count)
        for axis in sizes.indices.reversed() {
            coordinates[perm[axis]] = rest % sizes[axis]
            rest /= sizes[axis]
        }
        let source = zip(coordinates, shape).reduce(0) { $0 * $1.1 + $1.0 }
        return values[source]
    }

    @Test(arguments: [
        ([3, 4], [1, 0]), ([2, 3, 4], [2, 1, 0]), ([2, 3, 4], [0, 2, 1]), ([2, 3, 4, 5], [3, 2, 0, 1]),
        ([5, 1, 7], [2, 0, 1]), ([9, 64, 32], [2, 1, 0]), ([4], [0]), ([1, 1], [1, 0]),
        // Plain transposes by 8 × 8 tiles: whole tiles, ragged edges both ways, a 1×1 kernel.
        ([16, 24], [1, 0]), ([13, 21], [1, 0]), ([1, 19], [1, 0]), ([19, 1], [1, 0]), ([1, 11, 9], [2, 1, 0]),
    ])
    func matchesTheDirectComputation(shape: [Int], perm: [Int]) {
        let values = (0..<shape.reduce(1, *)).map { Float($0) * 0.5 - 3 }
        let result = WeightLayout.permuted(values, shape: shape, perm: perm)
        #expect(result.count == values.count)
        let wrong = result.indices.filter {
            result[$0] != Self.naive(values, shape: shape, perm: perm, at: $0)
        }
        #expect(wrong.isEmpty, "\(wrong.count) misplaced elements for \(shape) by \(perm)")
    }

    @Test func aDenseKernelBecomesColumnMajor() {
        // [in = 2, out = 3] row-major to [out, in].
        let kernel: [Float] = [1, 2, 3, 4, 5, 6]
        #expect(WeightLayout.permuted(kernel, shape: [2, 3], perm: [1, 0]) == [1, 4, 2, 5, 3, 6])
    }
}
