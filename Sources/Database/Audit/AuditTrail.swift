import Core
import Foundation
import Logging
import PostgresNIO

/// Records who did what to which record, in the same transaction as the change itself.
public struct AuditTrail: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(
        _ action: String, subjectType: String, subjectID: String, by actor: Principal,
        details: [String: String] = [:], on connection: PostgresConnection
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO audit_events (actor_account, actor_label, action, subject_type, subject_id, details)
            VALUES (\(actor.accountID), \(actor.auditLabel), \(action), \(subjectType), \(subjectID), \(json)::jsonb)
            """,
            logger: logger
        )
    }
}
