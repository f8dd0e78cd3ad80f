import Foundation
import PostgresNIO

/// What a course version's change log cites as the feedback that prompted it: a group whose participants
/// answered the questionnaire, or a lecturer's report. The import checks that the cited one exists.
public enum FeedbackReference: Sendable, Hashable, CustomStringConvertible {
    case group(code: String)
    case lecturerReport(id: UUID)

    public init?(_ text: String) {
        if text.hasPrefix("group:") {
            let code = String(text.dropFirst("group:".count))
            guard !code.isEmpty, code.allSatisfy({ !$0.isWhitespace }) else { return nil }
            self = .group(code: code)
        } else if text.hasPrefix("lecturer-report:"), let id = UUID(uuidString: String(text.dropFirst("lecturer-report:".count))) {
            self = .lecturerReport(id: id)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .group(let code): "group:\(code)"
        case .lecturerReport(let id): "lecturer-report:\(id.lowercasedString)"
        }
    }
}

/// Whether cited feedback exists; the feedback module answers, so the catalogue need not read its tables.
public protocol FeedbackReferenceCheck: Sendable {
    /// The references among `references` that name nothing.
    func missing(_ references: [FeedbackReference], on connection: PostgresConnection) async throws -> [FeedbackReference]
}
