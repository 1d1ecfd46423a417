import Foundation
import Pipeline
import TestSupport
import Testing

/// A pipeline error keeps its kind, location, cause and per-layer failures typed up to the edge,
/// and renders the one line the CLI prints.
@Suite struct PipelineErrorTests {
    @Test(arguments: [
        (PipelineError.Kind.usage, Int32(2)), (.unusableInput, 2), (.notConvertible, 1),
    ])
    func eachKindHasTheExitCodeOfTheContract(kind: PipelineError.Kind, code: Int32) {
        #expect(PipelineError(kind, "x").exitCode == code)
    }

    @Test func failuresAreJoinedOnlyWhenTheMessageIsRendered() {
        let failures = [
            LayerFailure(layer: "a", className: "Lambda", message: "layer 'a': lambda x: f(x): unsupported: f(x)"),
            LayerFailure(layer: "b", message: "layer 'b': not bound to its inputs"),
        ]
        let error = PipelineError(notConvertible: "m.h5: not convertible", failures: failures)
        #expect(error.kind == .notConvertible && error.failures == failures)
        #expect(
            error.message
                == "m.h5: not convertible: layer 'a': lambda x: f(x): unsupported: f(x); layer 'b': not bound to its inputs"
        )
        #expect(error.description == error.message)
        #expect(PipelineError(.usage, "--jobs 0: must be at least 1").message == "--jobs 0: must be at least 1")
    }

    @Test func aModelThatIsNotRewritableNamesEachLayerAndTheFile() throws {
        let path = FixturePaths.fixture("models/global_scale.h5")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).h5").path
        do {
            _ = try Pipeline.rewrite(path, output: output)
            Issue.record("global_scale.h5 without --define SCALE rewrote")
        } catch {
            #expect(error.kind == .notConvertible)
            #expect(error.location?.file == path)
            let failure = try #require(error.failures.first)
            #expect(failure.className == "Lambda")
            #expect(failure.message.hasPrefix("layer '\(failure.layer)': "))
            #expect(
                error.message
                    == "\(path): not rewritable: " + error.failures.map(\.message).joined(separator: "; "))
        }
    }

    @Test func anUnreadableModelKeepsTheReadersError() throws {
        let path = FixturePaths.fixture("bad/not_hdf5.h5")
        #expect {
            _ = try Pipeline.inspect(path)
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.kind == .unusableInput && error.location?.file == path && error.underlying != nil
        }
    }

    @Test func aFunctionSourceErrorIsLocatedAtItsLineAndColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("delambda-\(UUID()).py")
        try "def f(x):\n    return (x +\n".write(to: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try FunctionOptions.parse(python: nil, defines: [], functionSources: [file.path])
        } throws: { error in
            guard let error = error as? PipelineError, let location = error.location else { return false }
            return location.file == file.path && location.line != nil && location.column != nil
                && error.message.hasPrefix("\(file.path):\(location.line ?? 0):\(location.column ?? 0): ")
        }
    }

    @Test func aLambdaThatIsNotRecoveredKeepsItsLayerAndCause() throws {
        let options = try FunctionOptions.parse(python: "2.7", defines: [], functionSources: [])
        let report = try Pipeline.inspect(FixturePaths.fixture("models/bytecode_py38.h5"), options: options)
        let rows = report.lambdaRows.filter { $0.recovered?.failure != nil }
        #expect(!rows.isEmpty)
        for row in rows {
            let failure = try #require(row.recovered?.failure)
            #expect(failure.kind == .notConvertible)
            #expect(failure.location?.layer == row.name)
            #expect(failure.underlying != nil)
        }
    }
}
