import Core
import Foundation
import Logging
import PostgresNIO

/// One entry of the audit trail.
public struct AuditEvent: Sendable, Equatable {
    public let id: Int
    public let occurredAt: Date
    public let actor: String
    public let action: String
    public let subjectType: String
    public let subjectID: String
    public let details: [String: String]
}

/// Which audit entries to read.
public struct AuditFilter: Sendable, Equatable {
    /// An action, or a prefix of one ending in a dot (`certification.`).
    public var action: String?
    public var subjectType: String?
    public var subjectID: String?
    public var from: Date?
    public var to: Date?

    public init(action: String? = nil, subjectType: String? = nil, subjectID: String? = nil, from: Date? = nil, to: Date? = nil) {
        self.action = action
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.from = from
        self.to = to
    }
}

/// Reading the audit trail, newest first, for inspectorate administrators. The table refuses changes.
public struct AuditLog: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func events(_ filter: AuditFilter, page: PageRequest, by actor: Principal) async throws -> Page<AuditEvent> {
        guard actor.isAdministrator else { throw ServiceError.forbidden("the audit trail is for inspectorate administrators") }
        let prefix = filter.action.flatMap { $0.hasSuffix(".") ? likePattern($0).map { String($0.dropFirst()) } : nil }
        let exact = filter.action.flatMap { $0.hasSuffix(".") ? nil : $0 }
        let (items, total) = try await database.withConnection { connection in
            var items: [AuditEvent] = []
            var total = 0
            for try await (id, at, actor, action, type, subject, details, count) in try await connection.query(
                """
                SELECT id, occurred_at, actor_label, action, subject_type, subject_id, details::text, count(*) OVER ()
                FROM audit_events
                WHERE (\(exact)::text IS NULL OR action = \(exact))
                  AND (\(prefix)::text IS NULL OR action LIKE \(prefix))
                  AND (\(filter.subjectType)::text IS NULL OR subject_type = \(filter.subjectType))
                  AND (\(filter.subjectID)::text IS NULL OR subject_id = \(filter.subjectID))
                  AND (\(filter.from)::timestamptz IS NULL OR occurred_at >= \(filter.from))
                  AND (\(filter.to)::timestamptz IS NULL OR occurred_at < \(filter.to))
                ORDER BY occurred_at DESC, id DESC LIMIT \(page.limit) OFFSET \(page.offset)
                """,
                logger: database.logger
            ).decode((Int, Date, String, String, String, String, String, Int).self) {
                let decoded = (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
                items.append(AuditEvent(id: id, occurredAt: at, actor: actor, action: action, subjectType: type, subjectID: subject, details: decoded))
                total = count
            }
            return (items, total)
        }
        return Page(items: items, total: total, request: page)
    }
}
