/// The step `--deterministic-sampling` adds: `random_normal(like, mean=m, stddev=s)` becomes its
/// mean, broadcast to the shape of `like` (`add(mul(like, 0.0), m)`), so that a VAE's sampling
/// layer outputs the latent mean and inference is reproducible.
///
/// It is an option of the engine rather than a rule of the library: no rule file can turn it on
/// or off, and it reads an attribute (`mean`, 0 when absent) that a pattern cannot default.
enum SamplingMean {
    /// What steps and provenance record for it, where a rule's id would be (`explain` prints it).
    static let stepID = "deterministic-sampling"

    /// The mean that replaces `id`, when `id` is a `random_normal`; nil for any other term.
    static func replacement(of id: TermID, in graph: TermGraph) -> TermID? {
        guard case .apply("random_normal", let operands, let keywords) = graph[id], let like = operands.first else {
            return nil
        }
        let mean = keywords.first { $0.name == "mean" }?.value ?? graph.constant(.float(0))
        return graph.apply("add", [graph.apply("mul", [like, graph.constant(.float(0))]), mean])
    }
}
