import CoreMLSpec
import Foundation

/// Serializes and writes layers on a second thread while the converter reads and converts the
/// next ones: protobuf encoding and the file writes of layer N overlap the HDF5 reads and kernel
/// reordering of the layers after it.
///
/// At most ``capacity`` layers wait while one is written, so memory stays within a few layers'
/// weights of writing in line (measured on ResNet50: 69 → 72 MB peak, 0.39 → 0.25–0.32 s). The
/// first failure is kept: later layers are dropped and `submit` and `finish` throw it.
final class BackgroundLayerWriter: @unchecked Sendable {
    /// Two: one waiting layer was measured slower (the writer and the converter took turns on
    /// big kernels), more than two no faster.
    static let capacity = 2

    // Guarded by `condition`; `writer` is touched by the thread alone until `finish` has seen it
    // stop.
    private let condition = NSCondition()
    private var pending: [CoreML_Specification_NeuralNetworkLayer] = []
    private var closed = false
    private var stopped = false
    private var failure: CoreMLConversionError?
    private var writer: ModelFileWriter

    init(_ writer: ModelFileWriter) {
        self.writer = writer
        let thread = Thread { [self] in run() }
        thread.name = "delambda layer writer"
        thread.start()
    }

    /// Hands `layer` to the writing thread, waiting while ``capacity`` layers are waiting already.
    func submit(_ layer: CoreML_Specification_NeuralNetworkLayer) throws(CoreMLConversionError) {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= Self.capacity && failure == nil { condition.wait() }
        if let failure { throw failure }
        pending.append(layer)
        condition.broadcast()
    }

    /// Waits until every submitted layer is written and the thread has stopped; returns the
    /// writer to finish the file with.
    func finish() throws(CoreMLConversionError) -> ModelFileWriter {
        condition.lock()
        closed = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
        if let failure { throw failure }
        return writer
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            guard !pending.isEmpty else {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            // Taken: the converter may hand over more layers while this one is written.
            let layer = pending.removeFirst()
            let failed = failure != nil
            condition.broadcast()
            condition.unlock()
            guard !failed else { continue }
            do throws(CoreMLConversionError) {
                try writer.append(layer)
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
