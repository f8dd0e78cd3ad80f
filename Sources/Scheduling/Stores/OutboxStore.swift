import Foundation
import Logging
import PostgresNIO

/// SQL for the notification outbox: messages wait here until a sender delivers them.
public struct OutboxStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Adds a message unless one with the same key exists; true if added.
    func enqueue(
        kind: String, group: UUID?, subject: String, body: String, dedupeKey: String?, on connection: PostgresConnection
    ) async throws -> Bool {
        try await connection.query(
            """
            INSERT INTO notification_outbox (kind, group_id, subject, body, dedupe_key)
            VALUES (\(kind), \(group), \(subject), \(body), \(dedupeKey))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    func outbox(unsentOnly: Bool, on connection: PostgresConnection) async throws -> [OutboxMessage] {
        let rows = try await connection.query(
            """
            SELECT id, kind, group_id, subject, body, created_at FROM notification_outbox
            WHERE NOT \(unsentOnly) OR sent_at IS NULL ORDER BY id
            """,
            logger: logger
        )
        var result: [OutboxMessage] = []
        for try await (id, kind, group, subject, body, created) in rows.decode((Int64, String, UUID?, String, String, Date).self) {
            result.append(OutboxMessage(id: id, kind: kind, groupID: group, subject: subject, body: body, createdAt: created))
        }
        return result
    }
}
