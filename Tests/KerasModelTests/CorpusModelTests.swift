import Foundation
import JSON
import KerasModel
import TestSupport
import Testing

/// The real models in `../shared/corpus`, checked against the facts its `manifest.json` records.
@Suite struct CorpusModelTests {
    struct Entry: Sendable, CustomStringConvertible {
        var path: String
        var facts: JSONValue
        var description: String { URL(fileURLWithPath: path).lastPathComponent }
    }

    static let entries: [Entry] = {
        let url = FixturePaths.corpus.deletingLastPathComponent().appendingPathComponent("manifest.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let json = try? JSONParser.parse(text) else {
            return []
        }
        return (json.array ?? []).compactMap { facts in
            guard let local = facts["local_file"]?.string else { return nil }
            return Entry(
                path: FixturePaths.corpus.deletingLastPathComponent().appendingPathComponent(local).path, facts: facts)
        }
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.entries.count == 6)
        #expect(FixturePaths.corpusFiles.count == Self.entries.count)
    }

    @Test(arguments: entries)
    func readsEveryLambdaWithItsEncoding(entry: Entry) throws {
        let model = try KerasModelReader.read(entry.path)
        #expect(model.kerasVersion == entry.facts["keras_version"]?.string)
        #expect(model.warnings.isEmpty)
        let expected = entry.facts["lambda_layers"]?.array ?? []
        let lambdas = model.graph.allLayers.filter(\.isLambdaLike)
        #expect(lambdas.count == expected.count)
        for facts in expected {
            let name = try #require(facts["name"]?.string)
            let layer = try #require(lambdas.first { $0.name == name }, "\(name)")
            guard case .marshal(let payload)? = layer.function?.payload else {
                Issue.record("\(name) should hold marshaled code")
                continue
            }
            let encoding = facts["encoding"]?.string ?? ""
            #expect(encoding.hasPrefix(payload.encoding.rawValue), "\(name): \(encoding)")
            #expect([0x63, 0xE3].contains(payload.bytes.first), "\(name)")
        }
    }

    @Test(arguments: entries)
    func everyLayerIsReachableFromTheInputs(entry: Entry) throws {
        let model = try KerasModelReader.read(entry.path)
        for graph in [model.graph] + model.graph.allLayers.compactMap(\.model) {
            let names = Set(graph.layers.map(\.name))
            for layer in graph.layers {
                for reference in layer.inboundNodes.flatMap(\.tensors) {
                    #expect(names.contains(reference.layer), "\(layer.name) reads \(reference.layer)")
                    let producer = try #require(graph.layer(named: reference.layer))
                    #expect(
                        reference.nodeIndex < max(1, producer.inboundNodes.count), "\(layer.name) reads \(reference)")
                }
            }
        }
    }
}
