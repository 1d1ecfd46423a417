import PythonAST
import Testing

@testable import PythonBytecode

/// What happens when a payload reads as different functions under different versions. No payload
/// of the table does (detection is exact or gives one function for a range of versions), so the
/// choice is tested on made-up readings.
@Suite struct VersionChoiceTests {
    static let code = CodeObject(
        layout: .python38, argCount: 1, positionalOnlyArgCount: 0, keywordOnlyArgCount: 0, stackSize: 1, flags: 0,
        code: [], constants: [], names: [], variableNames: ["x"], cellVariables: [], freeVariables: [],
        localsPlusNames: [], localsPlusKinds: [], fileName: "", name: "<lambda>", qualifiedName: nil, firstLine: 1,
        lineTable: [], exceptionTable: [])

    static func reading(_ source: String, _ versions: [PythonVersion], reachesAll: Bool = true) throws
        -> RecoveredFunction
    {
        guard case .lambda(let parameters, let body) = try ExpressionParser.parse(source) else {
            throw RecoveryError(kind: .ambiguous([]))
        }
        var reading = RecoveredFunction(
            function: .lambda(parameters: parameters, result: body), code: code, versions: versions, repairedOffsets: []
        )
        reading.reachesAll = reachesAll
        return reading
    }

    @Test func differentReadingsAreAmbiguousNeverGuessed() throws {
        let readings = [
            try Self.reading("lambda x: x if c else -x", [PythonVersion(3, 10)]),
            try Self.reading("lambda x: x", [PythonVersion(3, 8), PythonVersion(3, 9)]),
        ]
        #expect {
            try FunctionRecovery().choose(among: readings)
        } throws: { error in
            let text = "\(error)"
            return text.contains("Python 3.10: lambda x: x if c else -x")
                && text.contains("Python 3.8-3.9: lambda x: x") && text.contains("--python X.Y")
        }
    }

    @Test func theKerasVersionBreaksTies() throws {
        let readings = [
            try Self.reading("lambda x: x + 1", [PythonVersion(2, 7)]),
            try Self.reading("lambda x: x - 1", [PythonVersion(3, 11)]),
        ]
        let keras3 = FunctionRecovery(plausibleVersions: PythonVersion(3, 9)...PythonVersion(3, 13))
        #expect(try keras3.choose(among: readings)?.function.source == "lambda x: x - 1")
    }

    @Test func readingsThatSkipCodeLose() throws {
        let readings = [
            try Self.reading("lambda x: x", [PythonVersion(3, 8)], reachesAll: false),
            try Self.reading("lambda x: -x", [PythonVersion(3, 10)]),
        ]
        #expect(try FunctionRecovery().choose(among: readings)?.versionLabel == "3.10")
    }
}
