import Foundation
import Logging
import PostgresNIO

/// SQL for the notification outbox: messages wait here until a sender (mail, SMS) delivers them. Any module
/// may put messages in; a key keeps each from being put twice, also when two passes run at once.
public struct OutboxStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Adds a message unless one with the same key exists; true if added. `recipient` is the address to write to
    /// when it is not the person's own (an account's sign-in address); `html` an HTML alternative of `body`;
    /// `calendar` an iCalendar text to attach.
    public func enqueue(
        kind: String, group: UUID? = nil, person: UUID? = nil, recipient: String? = nil, subject: String, body: String,
        html: String? = nil, calendar: String? = nil, dedupeKey: String?, on connection: PostgresConnection
    ) async throws -> Bool {
        try await connection.query(
            """
            INSERT INTO notification_outbox (kind, group_id, person_id, recipient, subject, body, html_body, calendar, dedupe_key)
            VALUES (\(kind), \(group), \(person), \(recipient), \(subject), \(body), \(html), \(calendar), \(dedupeKey))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    public func outbox(unsentOnly: Bool, on connection: PostgresConnection) async throws -> [OutboxMessage] {
        let rows = try await connection.query(
            """
            SELECT id, kind, group_id, person_id, subject, body, created_at, sent_at, attempts, failed_at, last_reply FROM notification_outbox
            WHERE NOT \(unsentOnly) OR sent_at IS NULL ORDER BY id
            """,
            logger: logger
        )
        var result: [OutboxMessage] = []
        for try await (id, kind, group, person, subject, body, created, sent, attempts, failed, reply)
            in rows.decode((Int64, String, UUID?, UUID?, String, String, Date, Date?, Int, Date?, String?).self) {
            result.append(OutboxMessage(id: id, kind: kind, groupID: group, personID: person, subject: subject, body: body,
                                        createdAt: created, sentAt: sent, attempts: attempts, failedAt: failed, lastReply: reply))
        }
        return result
    }

    /// Marks messages delivered; returns the ids that were waiting.
    public func markSent(_ ids: [Int64], on connection: PostgresConnection) async throws -> [Int64] {
        try await connection.query(
            "UPDATE notification_outbox SET sent_at = now() WHERE id = ANY(\(ids)) AND sent_at IS NULL AND failed_at IS NULL RETURNING id", logger: logger
        ).decode(Int64.self).reduce(into: []) { $0.append($1) }
    }
}
