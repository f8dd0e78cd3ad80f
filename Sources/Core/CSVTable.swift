import Foundation

/// A CSV file read as records with the line each begins on, so import errors can name the line.
///
/// RFC 4180: fields may be quoted, quotes doubled inside quotes, and quoted fields may span lines. The
/// delimiter is a comma, or a semicolon when the header uses semicolons (as spreadsheets in Latvian locales
/// write them). A UTF-8 byte-order mark is ignored.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        /// 1-based line on which the record starts.
        public let line: Int
        public let fields: [String: String]

        /// The trimmed value of `column`, or nil when empty or absent.
        public subscript(column: String) -> String? {
            guard let value = fields[column]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
    }

    public let columns: [String]
    public let records: [Record]

    public init(parsing text: String, requiredColumns: [String], knownColumns: [String]) throws(FileProblems) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = firstLine.contains(";") && !firstLine.contains(",") ? ";" : ","
        let rows = try Self.rows(of: text, delimiter: delimiter)
        guard let header = rows.first else {
            throw FileProblems([.init(line: 1, message: "the file is empty; expected a header row")])
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [FileProblem] = []
        for column in requiredColumns where !columns.contains(column) {
            problems.append(.init(line: header.line, message: "missing column '\(column)'"))
        }
        for column in columns where !knownColumns.contains(column) {
            problems.append(.init(line: header.line, message: "unknown column '\(column)' (expected \(knownColumns.joined(separator: ", ")))"))
        }
        if !problems.isEmpty { throw FileProblems(problems) }

        var records: [Record] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard row.fields.count == columns.count else {
                problems.append(.init(line: row.line, message: "expected \(columns.count) fields, found \(row.fields.count)"))
                continue
            }
            records.append(Record(line: row.line, fields: Dictionary(zip(columns, row.fields), uniquingKeysWith: { a, _ in a })))
        }
        if !problems.isEmpty { throw FileProblems(problems) }
        self.columns = columns
        self.records = records
    }

    private static func rows(of text: Substring, delimiter: Character) throws(FileProblems) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var quoteLine = 1
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if inQuotes {
                if c == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "\"" {
                        field.append("\"")
                        index = text.index(after: next)
                        continue
                    }
                    inQuotes = false
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteLine = line
            } else if c == delimiter {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                rows.append((rowLine, fields))
                fields = []
                field = ""
                line += 1
                rowLine = line
            } else {
                field.append(c)
            }
            index = text.index(after: index)
        }
        if inQuotes {
            throw FileProblems([.init(line: quoteLine, message: "a quoted field is never closed")])
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append((rowLine, fields))
        }
        return rows
    }
}
