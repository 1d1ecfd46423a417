/// Text edits the rule mutations need: replacing one chosen occurrence.
extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        replacingNth(0, of: target, with: replacement)
    }

    /// Replaces the `n`-th occurrence of `target` (the last one when there are fewer).
    func replacingNth(_ n: Int, of target: String, with replacement: String) -> String {
        var ranges: [Range<String.Index>] = []
        var start = startIndex
        while ranges.count <= n, let found = range(of: target, range: start..<endIndex) {
            ranges.append(found)
            start = found.upperBound
        }
        guard let chosen = ranges.last else { return self + "\n" + replacement + "x\n" }
        return replacingCharacters(in: chosen, with: replacement)
    }
}
