import Core
import Directory
import Testing

@Suite struct CSVTableTests {
    @Test func readsQuotedFieldsAndNamesTheLineEachRecordStartsOn() throws {
        let text = "name,municipality,region\n\"Ādažu, novada bāriņtiesa\",Ādaži,Rīga\n\"Two\nlines\",X,kurzeme\nLast,Y,zemgale\n"
        let table = try CSVTable(parsing: text, requiredColumns: ["name"], knownColumns: ["name", "municipality", "region"])
        #expect(table.records.map(\.line) == [2, 3, 5])
        #expect(table.records[0]["name"] == "Ādažu, novada bāriņtiesa")
        #expect(table.records[1]["name"] == "Two\nlines")
    }

    @Test func acceptsSemicolonsAndAByteOrderMark() throws {
        let table = try CSVTable(parsing: "\u{FEFF}name;region\r\nA;latgale\r\n", requiredColumns: ["name"],
                                 knownColumns: ["name", "region"])
        #expect(table.records.count == 1)
        #expect(table.records[0]["region"] == "latgale")
    }

    @Test func reportsMissingAndUnknownColumnsOnTheHeaderLine() {
        #expect(throws: FileProblems([
            .init(line: 1, message: "missing column 'region'"),
            .init(line: 1, message: "unknown column 'colour' (expected name, region)"),
        ])) {
            try CSVTable(parsing: "name,colour\nA,red\n", requiredColumns: ["name", "region"], knownColumns: ["name", "region"])
        }
    }

    @Test func reportsRowsWithTheWrongNumberOfFields() {
        #expect(throws: FileProblems([.init(line: 3, message: "expected 2 fields, found 3")])) {
            try CSVTable(parsing: "name,region\nA,riga\nB,riga,extra\n", requiredColumns: ["name"], knownColumns: ["name", "region"])
        }
    }

    @Test func reportsAnUnclosedQuoteWhereItOpened() {
        #expect(throws: FileProblems([.init(line: 2, message: "a quoted field is never closed")])) {
            try CSVTable(parsing: "name\n\"open\nstill open\n", requiredColumns: ["name"], knownColumns: ["name"])
        }
    }
}
