import Foundation

/// Where a course's or a scheme's content comes from: a public document a reader can find (a law or regulation by
/// its name and number, a programme document by its title and date), optionally its address, and what it says.
/// A file of ours, or a path, is not a source: nobody outside the project can open it.
public struct SourceCitation: Sendable, Equatable, Codable {
    public var document: String
    /// Where the document can be read (`https://likumi.lv/…`), when it is published.
    public var url: String?
    public var statement: String

    public init(document: String, url: String? = nil, statement: String) {
        self.document = document
        self.url = url
        self.statement = statement
    }

    /// Why `document` is not a public document's name, if it is not.
    public static func problem(document: String) -> String? {
        let trimmed = document.trimmingCharacters(in: .whitespaces)
        let looksLikePath = trimmed.hasPrefix(".") || trimmed.hasPrefix("/") || trimmed.hasPrefix("~")
            || trimmed.contains("../") || trimmed.contains("./")
        let fileName = trimmed.split(separator: ";").contains { part in
            let word = part.trimmingCharacters(in: .whitespaces)
            return !word.contains(" ") && fileExtensions.contains { word.lowercased().hasSuffix($0) }
        }
        guard looksLikePath || fileName else { return nil }
        return "source.document must name a public document (a law or regulation by its name and number, a programme by its title and date), not a file or path: '\(document)'"
    }

    /// Why `url` is not an address a reader can open, if it is not.
    public static func problem(url: String) -> String? {
        guard let parsed = URL(string: url), parsed.scheme == "https", let host = parsed.host, host.contains(".") else {
            return "source.url must be an https address of the published document, not '\(url)'"
        }
        return nil
    }

    private static let fileExtensions = [".md", ".txt", ".pdf", ".doc", ".docx", ".yaml", ".yml", ".odt"]
}
