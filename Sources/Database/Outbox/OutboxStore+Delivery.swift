import Foundation
import PostgresNIO

/// Claiming, and settling, deliveries. A claim is a lease: the claimed messages' next attempt moves `lease` ahead and
/// the claim commits at once, so the sending happens outside any transaction, two senders never hold one message at
/// once (`FOR UPDATE SKIP LOCKED`), and a sender that dies mid-way leaves its messages to be claimed again when the
/// lease runs out — with the same Message-ID.
extension OutboxStore {
    public func claimDue(limit: Int, lease: Duration, messageIDDomain: String, on connection: PostgresConnection) async throws -> [ClaimedMessage] {
        let leaseSeconds = Double(lease.components.seconds)
        let rows = try await connection.query(
            """
            WITH due AS (
                SELECT id FROM notification_outbox
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE notification_outbox o
            SET attempts = o.attempts + 1,
                next_attempt_at = now() + make_interval(secs => \(leaseSeconds)),
                message_id = coalesce(o.message_id, 'outbox-' || o.id || '.' || md5(random()::text || clock_timestamp()::text) || '@' || \(messageIDDomain))
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.kind, o.person_id, o.recipient, o.subject, o.body, o.html_body, o.calendar, o.message_id, o.attempts
            """,
            logger: logger
        )
        var claimed: [ClaimedMessage] = []
        for try await (id, kind, person, recipient, subject, body, html, calendar, messageID, attempts)
            in rows.decode((Int64, String, UUID?, String?, String, String, String?, String?, String, Int).self) {
            claimed.append(.init(id: id, kind: kind, personID: person, recipient: recipient, subject: subject, body: body, html: html,
                                 calendar: calendar, messageID: messageID, attempt: attempts))
        }
        return claimed.sorted { $0.id < $1.id }
    }

    // A message carrying a one-time link (an invitation, a password reset) keeps it only until it is sent or given up;
    // then its bodies say so instead, and neither the outbox, `outbox list` nor a backup can sign anyone in.
    // Every settling names the attempt it settles: a sender whose lease ran out and whose message another sender
    // claimed since (so its attempt count moved on) changes nothing.

    /// Renews the lease on a claimed message just before sending it; false when another sender has claimed it since.
    public func renewClaim(_ message: ClaimedMessage, lease: Duration, on connection: PostgresConnection) async throws -> Bool {
        let seconds = Double(lease.components.seconds)
        return try await connection.query(
            """
            UPDATE notification_outbox SET next_attempt_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(message.id) AND attempts = \(message.attempt) AND sent_at IS NULL AND failed_at IS NULL RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    /// Delivered.
    public func settleSent(_ message: ClaimedMessage, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE notification_outbox SET sent_at = now(), last_reply = NULL,
                body = CASE WHEN kind IN ('account.invitation', 'account.password_reset')
                        THEN '(the one-time link this message carried is removed once it is sent or given up)' ELSE body END,
                html_body = CASE WHEN kind IN ('account.invitation', 'account.password_reset') THEN NULL ELSE html_body END
            WHERE id = \(message.id) AND attempts = \(message.attempt) AND sent_at IS NULL AND failed_at IS NULL
            """,
            logger: logger
        )
    }

    /// Not delivered this time: tried again after `retryIn`, with the reply kept.
    public func settleRetry(_ message: ClaimedMessage, after retryIn: Duration, reply: String, on connection: PostgresConnection) async throws {
        let seconds = Double(retryIn.components.seconds)
        try await connection.query(
            """
            UPDATE notification_outbox SET next_attempt_at = now() + make_interval(secs => \(seconds)), last_reply = \(reply)
            WHERE id = \(message.id) AND attempts = \(message.attempt) AND sent_at IS NULL AND failed_at IS NULL
            """,
            logger: logger
        )
    }

    /// Never deliverable (a permanent refusal, no address, or too many attempts): failed, with the reason.
    public func settleFailed(_ message: ClaimedMessage, reply: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE notification_outbox SET failed_at = now(), last_reply = \(reply),
                body = CASE WHEN kind IN ('account.invitation', 'account.password_reset')
                        THEN '(the one-time link this message carried is removed once it is sent or given up)' ELSE body END,
                html_body = CASE WHEN kind IN ('account.invitation', 'account.password_reset') THEN NULL ELSE html_body END
            WHERE id = \(message.id) AND attempts = \(message.attempt) AND sent_at IS NULL AND failed_at IS NULL
            """,
            logger: logger
        )
    }

    /// How many messages wait and how many failed, for `/metrics` and `/ready`.
    public func deliveryCounts(on connection: PostgresConnection) async throws -> (waiting: Int, failed: Int) {
        let row = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL), count(*) FILTER (WHERE failed_at IS NOT NULL)
            FROM notification_outbox
            """,
            logger: logger
        ).collect()[0]
        let (waiting, failed) = try row.decode((Int, Int).self)
        return (waiting, failed)
    }
}
