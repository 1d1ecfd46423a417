import CoreMLBackend
import CoreOps

/// A backend asked, before it runs, which ops of a Lambda's graph it refuses: so that a Lambda
/// is `rewritable` in `inspect` and `explain` only when `convert` can also write it.
struct BackendCheck: Sendable {
    /// As messages name it: `Core ML`.
    var name: String
    var refusals: @Sendable (CoreOpGraph) -> [(op: String, reason: String)]

    /// The Core ML NeuralNetwork backend of `convert`, with the reasons of its `refusals` table.
    static let coreML = BackendCheck(name: "Core ML") { graph in
        // Some reasons start with the op's name, which the messages already give.
        CoreMLSupport.refusals(in: graph).map { refusal in
            let prefix = refusal.op + ": "
            return (
                refusal.op,
                refusal.reason.hasPrefix(prefix) ? String(refusal.reason.dropFirst(prefix.count)) : refusal.reason
            )
        }
    }
}
