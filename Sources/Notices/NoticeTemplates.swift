import Foundation
import Mustache

/// A message for one reader, ready for the outbox: its subject, plain text and HTML, each Latvian first with English
/// below.
public struct Notice: Sendable, Equatable {
    public let subject: String
    public let text: String
    public let html: String
}

/// What each kind of message says: one Mustache template per kind (`Templates/<kind>.mustache`), with both
/// languages side by side in its `{{#subject}}`, `{{#text}}` and `{{#html}}` sections. Plain-text parts use triple
/// braces (nothing to escape there); the HTML part double braces, so names and titles are escaped.
public struct NoticeTemplates: Sendable {
    let library: MustacheLibrary
    public let kinds: Set<String>

    public init() async throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw NoticeTemplateError(message: "the message templates are missing from the build")
        }
        library = try await MustacheLibrary(directory: folder.path)
        kinds = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })
    }

    /// The message of `kind` with `values` (strings, numbers, lists, nested dictionaries).
    public func render(_ kind: String, _ values: [String: Any]) throws -> Notice {
        guard kinds.contains(kind) else { throw NoticeTemplateError(message: "no message template for '\(kind)'") }
        func part(_ name: String) -> String {
            var context = values
            context[name] = true
            return (library.render(context, withTemplate: kind) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let subject = part("subject").split(whereSeparator: \.isNewline).joined(separator: " ")
        return Notice(subject: subject, text: part("text") + "\n", html: part("html"))
    }
}

public struct NoticeTemplateError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
