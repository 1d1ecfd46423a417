extension ModelGraph {
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
