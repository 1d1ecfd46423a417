import CoreOps
import Testing

@Suite struct TensorTests {
    @Test func initChecksTheValueCount() {
        #expect(throws: CoreOpError(op: "tensor", message: "shape [2, 2] holds 4 values, got 3")) {
            try Tensor(shape: [2, 2], values: [1, 2, 3])
        }
        #expect(throws: CoreOpError(op: "tensor", message: "negative dimension -1 in shape [-1]")) {
            try Tensor(shape: [-1], values: [])
        }
    }

    @Test func scalarsAndVectors() throws {
        #expect(Tensor.scalar(2) == Tensor(scalar: 2))
        #expect(Tensor(scalar: 2).shape == [])
        #expect(try Tensor(shape: [], values: [2]) == .scalar(2))
        #expect(Tensor(vector: [1, 2]).shape == [2])
    }

    @Test func subscriptsAreRowMajor() throws {
        var t = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(t[1, 0] == 4)
        #expect(t[[0, 2]] == 3)
        #expect(t.strides == [3, 1])
        #expect(t.offset(of: [1, 2]) == 5)
        #expect(t.index(ofOffset: 4) == [1, 1])
        t[0, 1] = 9
        #expect(t.values == [1, 9, 3, 4, 5, 6])
    }

    @Test(arguments: [
        ([2, 3], [3], [2, 3]),
        ([2, 1], [1, 3], [2, 3]),
        ([], [4], [4]),
        ([5, 1, 2], [3, 1], [5, 3, 2]),
        ([0, 1], [3], [0, 3]),
    ])
    func broadcastShapes(_ lhs: [Int], _ rhs: [Int], _ expected: [Int]) throws {
        #expect(try Tensor.broadcastShape(lhs, rhs) == expected)
        #expect(try Tensor.broadcastShape(rhs, lhs) == expected)
    }

    @Test func incompatibleShapesDoNotBroadcast() {
        #expect(throws: CoreOpError(op: "", message: "shapes [2, 3] and [2] do not broadcast")) {
            try Tensor.broadcastShape([2, 3], [2])
        }
        #expect(throws: CoreOpError.self) { try Tensor(vector: [1, 2]).broadcast(to: [3]) }
    }

    @Test func broadcastRepeatsAlongStretchedDimensions() throws {
        let column = try Tensor(shape: [2, 1], values: [1, 2])
        #expect(try column.broadcast(to: [2, 3]).values == [1, 1, 1, 2, 2, 2])
        #expect(try column.broadcast(to: [2, 2, 2]).values == [1, 1, 2, 2, 1, 1, 2, 2])
    }

    @Test func transposedPermutesDimensions() throws {
        let t = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(t.transposed([1, 0]) == (try Tensor(shape: [3, 2], values: [1, 4, 2, 5, 3, 6])))
    }

    @Test func approximateEqualityTreatsNaNAndInfinity() throws {
        let a = Tensor(vector: [1, .nan, .infinity])
        #expect(a.isApproximatelyEqual(to: Tensor(vector: [1 + 1e-12, .nan, .infinity])))
        #expect(!a.isApproximatelyEqual(to: Tensor(vector: [1, 0, .infinity])))
        #expect(!a.isApproximatelyEqual(to: Tensor(vector: [1, .nan, -.infinity])))
        #expect(!a.isApproximatelyEqual(to: Tensor(scalar: 1)))
    }
}

extension TensorTests {
    @Test func hugeShapesAreErrors() {
        #expect(throws: CoreOpError(op: "tensor", message: "shape [4294967296, 4294967296] has too many elements")) {
            try Tensor(shape: [1 << 32, 1 << 32], values: [])
        }
    }
}
