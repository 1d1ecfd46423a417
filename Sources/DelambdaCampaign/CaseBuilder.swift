import Foundation

/// Derives a case from (seed, case number) alone and writes its inputs into a folder.
struct CaseBuilder: Sendable {
    var corpus: SeedCorpus
    var seed: UInt64

    /// Writes case `number`'s inputs into `folder` (which exists and is empty).
    func prepare(_ number: Int, in folder: String) throws(CampaignError) -> PreparedCase {
        var random = SplitMix64(seed: seed, caseNumber: number)
        let command = CaseCommand.pick(&random)
        var prepared = PreparedCase(number: number, command: command, arguments: [], mutation: "")
        switch command {
        case .inspect, .inspectJSON, .explain:
            let (model, mutation) = try mutatedModel(folder, "model.h5", &random)
            prepared.mutation = mutation
            prepared.arguments =
                [command == .explain ? "explain" : "inspect", model]
                + (command == .inspectJSON ? ["--format", "json"] : [])
        case .convert:
            let (model, mutation) = try mutatedModel(folder, "model.h5", &random)
            // Every output format: the package and ONNX writers read the same hostile weights.
            let output = random.pick(["out.mlmodel", "out.mlmodel", "out.mlpackage", "out.onnx"])
            (prepared.mutation, prepared.output) = (mutation, output)
            prepared.arguments = ["convert", model, "-o", output]
        case .rewrite:
            let (model, mutation) = try mutatedModel(folder, "model.h5", &random)
            (prepared.mutation, prepared.output) = (mutation, "out.h5")
            prepared.arguments =
                ["rewrite", model, "-o", "out.h5"] + (random.chance(1, in: 2) ? ["--flavour", "keras3"] : [])
        case .lint:
            let (rules, mutation) = try mutatedRules(folder, &random)
            prepared.mutation = mutation
            prepared.arguments = ["lint", rules] + random.pick([[], ["--format", "json"], ["--format", "sarif"]])
        case .convertRules:
            let model = try copy(random.pick(corpus.models), to: folder, as: "model.h5")
            let (rules, mutation) = try mutatedRules(folder, &random)
            (prepared.mutation, prepared.output) = (mutation, "out.mlmodel")
            prepared.arguments = ["convert", model, "-o", "out.mlmodel", "--rules", rules]
        case .convertFlags:
            try prepareFlags(&prepared, folder, &random)
        case .bulk:
            try prepareBulk(&prepared, folder, &random)
        }
        return prepared
    }

    private func prepareFlags(_ prepared: inout PreparedCase, _ folder: String, _ random: inout SplitMix64)
        throws(CampaignError)
    {
        let (model, modelMutation): (String, String)
        if random.chance(1, in: 3) {
            (model, modelMutation) = try mutatedModel(folder, "model.h5", &random)
        } else {
            (model, modelMutation) = (try copy(random.pick(corpus.models), to: folder, as: "model.h5"), "none")
        }
        var arguments = ["convert", model, "-o", "out.mlmodel"]
        let (name, output) = FlagMutation.mutate(&arguments, output: "out.mlmodel", &random)
        prepared.arguments = arguments
        prepared.output = output
        prepared.mutation = "flags:\(name) model:\(modelMutation)"
    }

    private func prepareBulk(_ prepared: inout PreparedCase, _ folder: String, _ random: inout SplitMix64)
        throws(CampaignError)
    {
        try makeFolder(folder + "/in")
        var names: [String] = []
        var mutations: [String] = []
        for index in 0..<random.inRange(1...3) {
            let name = "m\(index).h5"
            let (_, mutation) = try mutatedModel(folder + "/in", name, &random)
            names.append(name)
            mutations.append(mutation)
        }
        let toH5 = random.chance(1, in: 3)
        prepared.arguments =
            ["bulk", "in", "-o", "out", "--report", "report.json", "--jobs", "1"] + (toH5 ? ["--to", "h5"] : [])
        prepared.mutation = mutations.joined(separator: ",")
        prepared.bulk = PreparedCase.BulkLayout(outputFolder: "out", report: "report.json", inputNames: names)
    }

    /// Copies a model seed into the folder and mutates it; returns its relative path.
    private func mutatedModel(_ folder: String, _ name: String, _ random: inout SplitMix64) throws(CampaignError) -> (
        String, String
    ) {
        let seedPath = corpus.anyModel(&random)
        let relative = try copy(seedPath, to: folder, as: name)
        // libhdf5 itself crashes or loops on some seeds: this process only changes their bytes.
        let how =
            corpus.unsafeForLibhdf5(seedPath)
            ? ModelMutator.mutateBytes(folder + "/" + name, &random) : ModelMutator.mutate(folder + "/" + name, &random)
        return (relative, "\((seedPath as NSString).lastPathComponent) \(how)")
    }

    private func mutatedRules(_ folder: String, _ random: inout SplitMix64) throws(CampaignError) -> (String, String) {
        let seedPath = random.pick(corpus.rules)
        guard let data = FileManager.default.contents(atPath: seedPath) else {
            throw CampaignError("cannot read \(seedPath)")
        }
        let (text, how) = RuleMutation.mutate(String(decoding: data, as: UTF8.self), &random)
        guard FileManager.default.createFile(atPath: folder + "/rules.yaml", contents: Data(text.utf8)) else {
            throw CampaignError("cannot write \(folder)/rules.yaml")
        }
        return ("rules.yaml", "\((seedPath as NSString).lastPathComponent) yaml:\(how)")
    }

    private func copy(_ source: String, to folder: String, as name: String) throws(CampaignError) -> String {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: folder + "/" + name)
        } catch {
            throw CampaignError("cannot copy \(source): \(error.localizedDescription)")
        }
        let prefix = folder.hasSuffix("/in") ? "in/" : ""
        return prefix + name
    }

    private func makeFolder(_ path: String) throws(CampaignError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CampaignError("cannot make \(path): \(error.localizedDescription)")
        }
    }
}
