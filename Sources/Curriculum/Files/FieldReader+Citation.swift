import Core

extension FieldReader {
    /// A `source` mapping (`document`, optional `url`, `statement`), read the same way for courses and schemes:
    /// a path or a file name where a public document's name belongs is refused with its line.
    package mutating func citation(_ fields: Fields?) -> SourceCitation? {
        guard let fields else { return nil }
        rejectUnknown(fields, known: ["document", "url", "statement"])
        let document = string(fields, "document")
        let url = string(fields, "url", required: false)
        let statement = string(fields, "statement")
        if let document, let problem = SourceCitation.problem(document: document) {
            report(line(of: "source.document", or: fields.line), problem)
        }
        if let url, let problem = SourceCitation.problem(url: url) {
            report(line(of: "source.url", or: fields.line), problem)
        }
        guard let document, let statement else { return nil }
        return .init(document: document, url: url, statement: statement)
    }
}
