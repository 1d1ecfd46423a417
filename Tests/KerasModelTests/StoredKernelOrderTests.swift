import JSON
import Testing

@testable import KerasModel

/// Kernels an old Keras stored in another layout, read in Keras 2's.
@Suite struct StoredKernelOrderTests {
    static func layer(_ className: String, _ dataFormat: String) -> Layer {
        Layer(name: "conv", className: className, config: JSONObject(["data_format": .string(dataFormat)]))
    }

    /// A Keras 1 `th` Conv2D kernel (out 2, in 1, rows 2, columns 3) becomes (rows, columns, in, out):
    /// element [o, i, r, c] lands at [r, c, i, o].
    @Test func keras1ChannelsFirstKernelIsTransposed() throws {
        let order = try #require(
            StoredKernelOrder.of(
                Self.layer("Conv2D", "channels_first"), position: 0, storedShape: [2, 1, 2, 3], flavour: .keras1,
                backend: nil))
        #expect(order.shape == [2, 3, 1, 2])
        let stored = (0..<12).map(Float.init)  // value = o * 6 + r * 3 + c
        let arranged = order.arrange(stored)
        for r in 0..<2 {
            for c in 0..<3 {
                for o in 0..<2 {
                    #expect(arranged[(r * 3 + c) * 2 + o] == Float(o * 6 + r * 3 + c))
                }
            }
        }
    }

    /// Under Theano the spatial axes are reversed as well; a Keras 2 TensorFlow kernel and a bias
    /// are left alone.
    @Test func theanoKernelIsFlipped() throws {
        let order = try #require(
            StoredKernelOrder.of(
                Self.layer("Conv2D", "channels_last"), position: 0, storedShape: [2, 2, 1, 1], flavour: .keras2,
                backend: "theano"))
        #expect(order.arrange([1, 2, 3, 4] as [Float]) == [4, 3, 2, 1])
        #expect(
            StoredKernelOrder.of(
                Self.layer("Conv2D", "channels_last"), position: 0, storedShape: [2, 2, 1, 1], flavour: .keras2,
                backend: "tensorflow") == nil)
        #expect(
            StoredKernelOrder.of(
                Self.layer("Conv2D", "channels_first"), position: 1, storedShape: [4], flavour: .keras1,
                backend: "theano") == nil)
    }
}
