import JSON

extension ModelGraph {
    /// The first layer config holding an integer no real layer has (beyond ±2^31; `seed` values
    /// excepted), as (layer, key, value); nil when there is none. Sizes, strides and axes are
    /// then small enough that the arithmetic of shapes and conversions cannot overflow.
    public func firstOutOfRangeInteger() -> (layer: String, key: String, value: Int)? {
        let limit = 1 << 31
        var graphs: [ModelGraph] = [self]
        while let graph = graphs.popLast() {
            for layer in graph.layers {
                if let inner = layer.model { graphs.append(inner) }
                var values: [(key: String, value: JSONValue)] = layer.config.map { ($0.key, $0.value) }
                while let (key, value) = values.popLast() {
                    switch value {
                    case .int(let number) where number > limit || number < -limit:
                        // Seeds, and the object ids a `.keras` config shares objects by, are no sizes.
                        if !key.lowercased().contains("seed") && key != "shared_object_id" {
                            return (layer.name, key, number)
                        }
                    case .array(let items): values += items.map { (key, $0) }
                    case .object(let object): values += object.map { ($0.key, $0.value) }
                    default: break
                    }
                }
            }
        }
        return nil
    }

    /// The config keys that size or step a window: each must hold one positive int or a list of
    /// them (`strides` of a pooling layer may also be null, meaning the pool size). A zero here
    /// divides by zero in every shape computation; Keras itself refuses to build such a layer.
    static let windowKeys: Set<String> = [
        "strides", "dilation_rate", "pool_size", "kernel_size", "subsample", "subsample_length", "atrous_rate",
        "pool_length", "filter_length",
    ]

    /// The first layer whose window keys (`windowKeys`, and `size` of an `UpSampling` layer) hold
    /// anything but positive ints, as (layer, key, value as the file spells it); nil when all do.
    public func firstInvalidWindow() -> (layer: String, key: String, value: String)? {
        var graphs: [ModelGraph] = [self]
        while let graph = graphs.popLast() {
            for layer in graph.layers {
                if let inner = layer.model { graphs.append(inner) }
                for member in layer.config.members
                where Self.windowKeys.contains(member.key)
                    || (member.key == "size" && layer.className.hasPrefix("UpSampling"))
                {
                    let (key, value) = (member.key, member.value)
                    let items = value.array ?? [value]
                    let valid = value.isNull || (!items.isEmpty && items.allSatisfy { ($0.int ?? 0) > 0 })
                    if !valid { return (layer.name, key, JSONWriter(style: .python).string(value)) }
                }
            }
        }
        return nil
    }

    /// A layer name used twice in this graph or a nested one (Keras refuses such a model, and
    /// every name-keyed table would silently keep one of the two); nil when names are unique.
    public func firstDuplicateLayerName() -> String? {
        var pending: [ModelGraph] = [self]
        while let graph = pending.popLast() {
            var seen: Set<String> = []
            for layer in graph.layers {
                if !seen.insert(layer.name).inserted { return layer.name }
                if let inner = layer.model { pending.append(inner) }
            }
        }
        return nil
    }

    /// The layers of a cycle in this graph or a nested one (a layer fed, through others, by its
    /// own output), in feeding order starting at the first such layer of the config; nil when the
    /// graph is acyclic, as Keras's own graphs always are.
    ///
    /// Iterative (Kahn's algorithm, then a walk back along inbound layers), so neither a cycle
    /// nor a very long chain of layers can exhaust the stack. Inbound names that are not layers
    /// of this graph (a nested model's own inputs) are ignored here.
    ///
    /// Complexity: O(layers + inbound references) per graph.
    public func firstCycle() -> [String]? {
        var pending: [ModelGraph] = [self]
        while let graph = pending.popLast() {
            if let cycle = graph.cycleAmongOwnLayers() { return cycle }
            pending += graph.layers.compactMap(\.model)
        }
        return nil
    }

    private func cycleAmongOwnLayers() -> [String]? {
        let index = Dictionary(layers.enumerated().map { ($1.name, $0) }) { first, _ in first }
        let feeders = layers.map { $0.inboundLayerNames.compactMap { index[$0] } }
        var consumers = [[Int]](repeating: [], count: layers.count)
        var waiting = feeders.map(\.count)
        for (layer, inputs) in feeders.enumerated() { for input in inputs { consumers[input].append(layer) } }
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        while let layer = ready.popLast() {
            for consumer in consumers[layer] {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 { ready.append(consumer) }
            }
        }
        // Layers still waiting sit on a cycle or downstream of one: walk back from the first
        // along feeders that still wait until a layer repeats.
        guard let start = waiting.indices.first(where: { waiting[$0] > 0 }) else { return nil }
        var path: [Int] = []
        var seenAt: [Int: Int] = [:]
        var layer = start
        while seenAt[layer] == nil {
            seenAt[layer] = path.count
            path.append(layer)
            guard let next = feeders[layer].first(where: { waiting[$0] > 0 }) else { return nil }
            layer = next
        }
        guard let first = seenAt[layer] else { return nil }
        var cycle = Array(path[first...].reversed())
        // Start at the layer the config lists first, so that the message does not depend on the walk.
        if let earliest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) {
            cycle = Array(cycle[earliest...] + cycle[..<earliest])
        }
        return (cycle + cycle.prefix(1)).map { layers[$0].name }
    }
}
