import CoreOps
import Testing

/// Tables joined from per-family parts report a key given twice instead of keeping one.
@Suite struct OpTableTests {
    @Test func partsWithDistinctKeysJoin() throws {
        let table = OpTable(merging: [["add": 1, "sub": 2], ["mul": 3]])
        #expect(table.duplicates.isEmpty)
        #expect(table.entries == ["add": 1, "sub": 2, "mul": 3])
        #expect(table["mul"] == 3 && table["div"] == nil)
        #expect(try OpTable.merged([["add": 1], ["mul": 3]]) == ["add": 1, "mul": 3])
    }

    @Test func aKeyInTwoPartsIsRejected() {
        #expect(throws: DuplicateKeys(keys: ["add"])) {
            try OpTable.merged([["add": 1, "sub": 2], ["add": 3]])
        }
        let table = OpTable(merging: [["add": 1, "sub": 2], ["add": 3], ["sub": 4, "mul": 5]])
        #expect(table.duplicates == ["add", "sub"])
    }

    @Test func aKeyListedTwiceIsRecorded() {
        let table = OpTable([(key: "exp", value: 1), (key: "exp", value: 2), (key: "exp", value: 3)])
        #expect(table.duplicates == ["exp"])
        #expect(table.keys == ["exp"])
    }

    @Test func theCatalogNamesEachOpOnce() {
        #expect(CoreOpCatalog.byName.duplicates.isEmpty, "\(CoreOpCatalog.byName.duplicates)")
        #expect(CoreOpCatalog.byName.keys == CoreOpCatalog.names.sorted())
    }
}
