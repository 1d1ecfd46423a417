import CoreMLBackend
import KerasModel

/// The layers of a model whose class the Core ML backend has no converter for, found before it
/// runs, so that they are named beside the Lambdas that fail in the same run.
enum LayerClassSupport {
    /// One failure per layer (nested models' layers included) of a class the backend lacks,
    /// in the model's order.
    static func failures(in model: KerasModel) -> [LayerFailure] {
        var failures: [LayerFailure] = []
        walk(model.graph, owner: nil) { layer, owner in
            guard let reason = refusal(of: layer, owner: owner, weights: model.weights) else { return }
            failures.append(
                LayerFailure(
                    layer: layer.name, className: layer.className,
                    message: "layer '\(layer.name)' (\(layer.className)): \(reason)"))
        }
        return failures
    }

    /// Why the backend refuses `layer`'s class, with the next step; nil when it converts it.
    static func refusal(of layer: Layer, owner: String?, weights: WeightIndex) -> String? {
        guard layer.className != "InputLayer", layer.model == nil, layer.function == nil,
            !CoreMLSupport.converts(layerClass: layer.className)
        else { return nil }
        var reason = "layer class '\(layer.className)' is not supported yet (no Core ML converter)"
        if weights.weights(of: layer.name, owner: owner).isEmpty,
            case let known = KnownLayerConfigs.classes(matching: layer.config), !known.isEmpty
        {
            let names = known.joined(separator: " or ")
            reason +=
                ", but it has no weights and its config has exactly the keys of Keras's \(names):"
                + " if it registers \(names) under another name, save the model with that class"
        }
        return reason
    }

    /// Calls `body` with every layer and the top-level layer that holds its nested model (nil at
    /// top level), nested layers right after the model layer that holds them.
    static func walk(_ graph: ModelGraph, owner: String?, _ body: (Layer, String?) -> Void) {
        for layer in graph.layers {
            body(layer, owner)
            if let nested = layer.model { walk(nested, owner: owner ?? layer.name, body) }
        }
    }
}
