import CoreOps
import JSON

/// Walks a model config (nested models included) and replaces each Lambda it has a graph for.
struct ModelConfigWalker {
    let dialect: KerasDialect
    let lambdas: [String: LambdaReplacementInput]
    var replacements: [LambdaReplacement] = []
    var failures: [(layer: String, failure: KerasRewriteFailure)] = []

    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]
    static let lambdaClasses: Set<String> = ["Lambda", "TFOpLambda", "SlicingOpLambda"]

    /// Whether new layers' calls are written in Keras 2's list form whatever the dialect.
    let legacyCalls: Bool

    init(dialect: KerasDialect, lambdas: [String: LambdaReplacementInput], legacyCalls: Bool = false) {
        self.dialect = dialect
        self.lambdas = lambdas
        self.legacyCalls = legacyCalls
    }

    /// `model` is `{"class_name": ..., "config": {...}}` (plus `name`/`inbound_nodes` when nested).
    mutating func rewriteModel(_ model: JSONObject) -> JSONObject {
        var model = model
        // Keras 1 and 2.0 wrote a Sequential's config as the bare list of its layers.
        if let list = model["config"]?.array {
            var wrapped = JSONObject()
            wrapped["layers"] = .array(list)
            model["config"] = .object(wrapped)
        }
        guard var config = model["config"]?.object, let layers = config["layers"]?.array else { return model }
        var legacyCalls = self.legacyCalls
        var entries = layers
        if model["class_name"]?.string == "Sequential" {
            guard entries.contains(where: isReplaced) else {
                var nested: [JSONValue] = []
                for entry in entries { nested.append(rewriteNested(entry)) }
                config["layers"] = .array(nested)
                model["config"] = .object(config)
                return model
            }
            guard let functional = SequentialConversion.functional(config, dialect: dialect) else {
                failures.append(
                    (
                        config["name"]?.string ?? "model",
                        KerasRewriteFailure(
                            "a Sequential model without a declared input shape cannot become Functional")
                    ))
                return model
            }
            config = functional
            entries = config["layers"]?.array ?? []
            model["class_name"] = "Functional"
            // Keras 3 reads Keras 2's call lists too; they need no tensor shapes.
            legacyCalls = true
        }
        var rewritten: [JSONValue] = []
        var taken = Set(entries.map(Self.name))
        var replacedAny = false
        for entry in entries {
            if isReplaced(entry), let object = entry.object {
                rewritten += replace(object, legacy: legacyCalls, taken: &taken)
                replacedAny = true
            } else {
                rewritten.append(rewriteNested(entry))
            }
        }
        if replacedAny {
            // Keras matches .h5 weights to layers by position in its own layer order.
            rewritten = KerasLayerOrder.ordered(
                rewritten, outputs: config["output_layers"], inputs: config["input_layers"])
        }
        config["layers"] = .array(rewritten)
        model["config"] = .object(config)
        return model
    }

    private mutating func rewriteNested(_ entry: JSONValue) -> JSONValue {
        guard let object = entry.object, Self.modelClasses.contains(object["class_name"]?.string ?? "") else {
            return entry
        }
        return .object(rewriteModel(object))
    }

    private func isReplaced(_ entry: JSONValue) -> Bool {
        guard Self.lambdaClasses.contains(entry["class_name"]?.string ?? "") else { return false }
        return lambdas[Self.name(of: entry)] != nil
    }

    static func name(of entry: JSONValue) -> String {
        entry["name"]?.string ?? entry["config"]?["name"]?.string ?? ""
    }

    /// The layers replacing the Lambda `entry`, or the entry itself when it cannot be replaced.
    private mutating func replace(_ entry: JSONObject, legacy: Bool, taken: inout Set<String>) -> [JSONValue] {
        let name = Self.name(of: .object(entry))
        guard let input = lambdas[name] else { return [.object(entry)] }
        let calls = CallReader.calls(of: entry)
        guard !calls.isEmpty, calls.allSatisfy({ $0.count >= input.graph.inputCount }) else {
            failures.append(
                (
                    name,
                    KerasRewriteFailure("its calls do not read the \(input.graph.inputCount) inputs its function takes")
                ))
            return [.object(entry)]
        }
        var planner = LayerPlanner(
            dialect: dialect,
            inputShapes: calls.first.map { call in
                call.enumerated().map { index, tensor in
                    tensor.shape ?? (input.inputShapes.indices.contains(index) ? input.inputShapes[index] : nil)
                }
            } ?? input.inputShapes)
        let output: PlanValue
        do throws(KerasRewriteFailure) {
            output = try planner.plan(input.graph)
        } catch {
            failures.append((name, error))
            return [.object(entry)]
        }
        var layers = planner.layers
        var names = LayerNames(lambda: name, taken: taken)
        switch output {
        case .layer(let index):
            names.assignFinal(to: index)
        case .input:
            layers.append(
                PlannedLayer(
                    op: "identity", className: "Activation", config: ["activation": "linear"], inputs: [output],
                    shape: planner.shape(of: output)))
            names.assignFinal(to: layers.count - 1)
        case .scalar, .channels:
            failures.append((name, KerasRewriteFailure("the function is a constant: no layer computes it")))
            return [.object(entry)]
        }
        let layerNames = layers.indices.map { names.name(of: $0, op: layers[$0].op) }
        taken = names.taken
        let emitter = LayerEmitter(
            dialect: dialect, lambda: entry, layers: layers, names: layerNames, calls: calls, legacy: legacy)
        replacements.append(
            LambdaReplacement(
                lambda: name,
                layers: layers.indices.map {
                    LambdaReplacement.NewLayer(
                        name: layerNames[$0], className: layers[$0].className, moduleFunction: layers[$0].moduleFunction
                    )
                }))
        return emitter.entries()
    }
}

/// Names of the layers replacing one Lambda: the layer computing its output keeps the Lambda's
/// name (so whatever reads it still finds it), inner ones are `<lambda>__<op>`, numbered when
/// the name is taken (by an op that repeats, or by a layer of the model).
struct LayerNames {
    let lambda: String
    private var final: Int?
    /// Every name in use in the model, new ones added.
    private(set) var taken: Set<String>

    init(lambda: String, taken: Set<String>) {
        self.lambda = lambda
        self.taken = taken
    }

    mutating func assignFinal(to index: Int) {
        final = index
    }

    mutating func name(of index: Int, op: String) -> String {
        if index == final { return lambda }
        return Self.unique("\(lambda)__\(op)", in: &taken)
    }

    /// `base`, or `base_2`, `base_3`... the first not in `taken`; added to it.
    static func unique(_ base: String, in taken: inout Set<String>) -> String {
        var candidate = base
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base)_\(number)"
            number += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
