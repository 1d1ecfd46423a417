import Foundation
import JSON
import PythonBytecode
import TestSupport
import Testing

/// The committed table of real-world lambda sources marshaled by every CPython 2.7–3.13.
@Suite struct PayloadTableTests {
    static let versions = ["27", "36", "37", "38", "39", "310", "311", "312", "313"]

    @Test(arguments: versions)
    func everyTablePayloadReadsWithItsVersionsLayout(tag: String) throws {
        for file in ["py\(tag).json", "unsupported_py\(tag).json"] {
            let url = FixturePaths.fixtures.appendingPathComponent("bytecode/payloads/\(file)")
            let table = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
            let version = try #require(table["python_version"]?.string)
            let expected = try #require(MarshalReaderTests.expectedLayout[version])
            let payloads = try #require(table["payloads"]?.object)
            var read = 0
            for entry in payloads {
                guard let text = entry.value.string else { continue }
                let bytes = try #require(Data(base64Encoded: text)).map { $0 }
                let code = try MarshalReader.readCode(bytes)
                #expect(code.layout == expected, "\(file) \(entry.key)")
                read += 1
            }
            #expect(read > (file.hasPrefix("py") ? 450 : 15), "\(file)")
        }
    }
}
