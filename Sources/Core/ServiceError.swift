import Foundation

/// A field that failed validation and why, named as the API names it.
public struct FieldProblem: Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let detail: String

    public init(_ field: String, _ detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { "\(field): \(detail)" }
}

/// The failures a service reports to its callers; the API maps each to one problem type and status,
/// the CLI prints `description`.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    case validation([FieldProblem])
    case notFound(String)
    /// Signed in, but the role does not allow this.
    case forbidden(String)
    case conflict(String)
    /// No valid credentials or token.
    case unauthenticated(String)
    /// Too many failed sign-ins; try again at `until`.
    case signInLocked(until: Date, reason: String)
    /// Asked too often from this address or for this subject; try again in `retryAfter` seconds.
    case rateLimited(retryAfter: Int, reason: String)
    /// The service lacks something it needs to do this (e.g. an issuer key); nothing the caller can change.
    case unavailable(String)

    /// Like `description`, but a validation failure lists just its fields, for messages that say where already.
    public var fieldsDescription: String {
        if case .validation(let problems) = self { return problems.map(\.description).joined(separator: "; ") }
        return description
    }

    public var description: String {
        switch self {
        case .validation(let problems): "invalid input: " + problems.map(\.description).joined(separator: "; ")
        case .notFound(let what): what
        case .forbidden(let reason): reason
        case .conflict(let reason): reason
        case .unauthenticated(let reason): reason
        case .signInLocked(_, let reason): reason
        case .rateLimited(_, let reason): reason
        case .unavailable(let reason): reason
        }
    }
}

/// Collects field problems so a request is rejected once with all of them, not one at a time.
public struct Validation {
    public private(set) var problems: [FieldProblem] = []

    public init() {}

    public mutating func add(_ field: String, _ detail: String) {
        problems.append(FieldProblem(field, detail))
    }

    /// A trimmed, non-empty text of at most `maxLength` characters, or a problem for `field`.
    /// `lineBreaks` allows tabs and line breaks inside, for prose such as a lecturer's report.
    public mutating func requiredText(_ value: String?, _ field: String, maxLength: Int = 200, lineBreaks: Bool = false) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            add(field, "is required")
            return nil
        }
        return optionalText(value, field, maxLength: maxLength, lineBreaks: lineBreaks)
    }

    /// A trimmed text of at most `maxLength` characters; empty becomes nil.
    ///
    /// Length and characters are judged on the text as sent, exactly as the OpenAPI document's
    /// `maxLength` (Unicode code points) and `pattern` say, so that the contract and the server agree.
    public mutating func optionalText(_ value: String?, _ field: String, maxLength: Int = 200, lineBreaks: Bool = false) -> String? {
        guard let value else { return nil }
        guard value.unicodeScalars.count <= maxLength else {
            add(field, "is longer than \(maxLength) characters")
            return nil
        }
        // NUL cannot be stored in PostgreSQL text, and no name, code or address needs control characters.
        let allowed: Set<Unicode.Scalar> = lineBreaks ? ["\t", "\n", "\r"] : []
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) else {
            add(field, lineBreaks ? "must not contain control characters other than tabs and line breaks" : "must not contain control characters")
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    public mutating func email(_ value: String?, _ field: String, required: Bool) -> String? {
        let text = required ? requiredText(value, field, maxLength: 254) : optionalText(value, field, maxLength: 254)
        guard let text else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix("."), !text.contains(where: \.isWhitespace)
        else {
            add(field, "is not an e-mail address")
            return nil
        }
        return text
    }

    /// The `q` of a list: plain text of sensible length.
    public static func checkSearchText(_ text: String?) throws(ServiceError) {
        var validation = Validation()
        _ = validation.optionalText(text, "q", maxLength: 200)
        try validation.check()
    }

    public func check() throws(ServiceError) {
        if !problems.isEmpty { throw .validation(problems) }
    }
}
