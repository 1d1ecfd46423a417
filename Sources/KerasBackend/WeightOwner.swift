/// Where the weights of a layer being translated are in the file: the `model_weights` group (its
/// top-level layer's) and the names its weights' names carry.
///
/// A top-level layer's weights are in its own group; a nested model's layers' in the nested
/// model's group; a wrapper's layer's in the wrapper's group: named by the wrapper
/// (`td/kernel:0` for a `TimeDistributed`, `rnn/lstm_cell/kernel:0` for an `RNN` of a cell), or,
/// in a `Bidirectional`, `forward_<name>` and `backward_<name>` (a wrapper without
/// `backward_layer` makes the backward one from the forward one's config).
struct WeightOwner: Sendable, Equatable {
    var group: String
    var scopes: [String]

    /// The owner of the layer `name` inside `outer` (nil at the top level).
    static func layer(_ name: String, in outer: WeightOwner?) -> WeightOwner {
        WeightOwner(group: outer?.group ?? name, scopes: [name])
    }

    /// The owner of the layer named `name` that a wrapper of class `wrapper` (owned by `self`)
    /// holds in `member` (`layer`, `backward_layer` or `cell`); `hasBackwardLayer` tells whether a
    /// `Bidirectional` has its own.
    func wrapped(_ name: String, by wrapper: String, member: String, hasBackwardLayer: Bool) -> WeightOwner {
        guard wrapper == "Bidirectional" else { return self }
        func prefixed(_ prefix: String) -> String { name.hasPrefix(prefix) ? name : prefix + name }
        if member == "backward_layer" { return WeightOwner(group: group, scopes: [prefixed("backward_")]) }
        var scopes = [prefixed("forward_")]
        if !hasBackwardLayer {
            let base = name.hasPrefix("forward_") ? String(name.dropFirst("forward_".count)) : name
            scopes.append("backward_" + base)
        }
        return WeightOwner(group: group, scopes: scopes)
    }

    /// `transform` of the weight `weight` under each of the scopes.
    func changes(_ weight: String, _ transform: WeightChange.Transform) -> [WeightChange] {
        scopes.map { WeightChange(group: group, scope: $0, weight: weight, transform: transform) }
    }
}
