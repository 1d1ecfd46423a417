import Foundation

/// The files mutations start from, found under the repository root.
struct SeedCorpus {
    /// Keras models that convert (Fixtures/models/*.h5, and the `.keras` archives of
    /// Fixtures/families/archives and Fixtures/archives, whose mutations are byte mutations of
    /// the zip since the mutator's HDF5 edits do not open them).
    var models: [String]
    /// Files delambda must refuse (Fixtures/bad/*, Fixtures/hostile/*.h5 and *.keras).
    var hostile: [String]
    /// Rule files (Rules/*.yaml).
    var rules: [String]

    /// Lists the seeds under `root`, sorted so that a case number means the same file everywhere.
    init(root: String) throws(CampaignError) {
        models =
            try Self.list(root + "/Fixtures/models", suffix: ".h5")
            + Self.list(root + "/Fixtures/families/archives", suffix: ".keras")
            + Self.list(root + "/Fixtures/archives", suffix: ".keras")
        hostile =
            try Self.list(root + "/Fixtures/bad", suffix: "").filter { !$0.hasSuffix(".md") }
            + Self.list(root + "/Fixtures/hostile", suffix: ".h5")
            + Self.list(root + "/Fixtures/hostile", suffix: ".keras")
        rules = try Self.list(root + "/Rules", suffix: ".yaml")
        guard !models.isEmpty, !rules.isEmpty else {
            throw CampaignError("no seed models or rules under \(root) (give --root the repository)")
        }
    }

    /// Hostile seeds that libhdf5 itself crashes on or reads forever (Fixtures/hostile/README.md):
    /// the campaign must not open them in its own process.
    static let libhdf5Unsafe: Set<String> = ["libhdf5_crash.h5", "global_heap_loop.h5"]

    func unsafeForLibhdf5(_ path: String) -> Bool {
        Self.libhdf5Unsafe.contains((path as NSString).lastPathComponent)
    }

    /// A model seed: mostly good models, sometimes a bad or hostile one.
    func anyModel(_ random: inout SplitMix64) -> String {
        if !hostile.isEmpty, random.chance(1, in: 5) { return random.pick(hostile) }
        return random.pick(models)
    }

    private static func list(_ folder: String, suffix: String) throws(CampaignError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw CampaignError("cannot list \(folder): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }
}
