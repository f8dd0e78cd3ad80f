import Foundation
import Logging
import PostgresNIO

/// SQL for calendar feeds: the secret behind each person's feed, and the sessions a feed shows.
public struct CalendarStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    func replaceSecret(person: UUID, secretHash: [UInt8], on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO calendar_feeds (person_id, secret_hash) VALUES (\(person), \(ByteBuffer(bytes: secretHash)))
            ON CONFLICT (person_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = now()
            """,
            logger: logger
        )
    }

    /// Whose feed has this secret.
    func owner(secretHash: [UInt8], on connection: PostgresConnection) async throws -> UUID? {
        for try await person in try await connection.query(
            "SELECT person_id FROM calendar_feeds WHERE secret_hash = \(ByteBuffer(bytes: secretHash))", logger: logger
        ).decode(UUID.self) { return person }
        return nil
    }

    /// A session as a person's feed shows it, before its course is named.
    struct Entry: Sendable {
        let sessionID: UUID
        let sequence: Int
        let startsAt: Date
        let endsAt: Date
        let venue: String?
        let online: Bool
        let groupCode: String
        let courseVersionID: UUID
        let cancelled: Bool
        /// `trainer`, `booked` or `cancelled` (the person's own enrolment was cancelled).
        let role: String
        let lastModified: Date
    }

    /// Sessions the person trains, and sessions of groups they are (or were) booked into. A cancelled
    /// enrolment or session stays in the feed as cancelled, so subscribed calendars remove it.
    func entries(for personID: UUID, on connection: PostgresConnection) async throws -> [Entry] {
        let rows = try await connection.query(
            """
            WITH involvement AS (
                SELECT group_id, 'trainer' AS role FROM group_trainers WHERE person_id = \(personID)
                UNION ALL
                (SELECT DISTINCT ON (group_id) group_id, status FROM enrolments
                 WHERE person_id = \(personID) AND status IN ('booked', 'cancelled')
                 ORDER BY group_id, updated_at DESC)
            ), chosen AS (
                SELECT DISTINCT ON (group_id) group_id, role FROM involvement
                ORDER BY group_id, (role = 'trainer') DESC, (role = 'booked') DESC
            )
            SELECT s.id, s.sequence, s.starts_at, s.ends_at, coalesce(s.venue, g.venue), g.online, g.code, g.course_version_id,
                   s.cancelled_at IS NOT NULL OR g.status = 'cancelled', c.role, greatest(s.updated_at, g.updated_at)
            FROM chosen c
            JOIN delivery_groups g ON g.id = c.group_id
            JOIN group_sessions s ON s.group_id = g.id
            ORDER BY s.starts_at
            """,
            logger: logger
        )
        var entries: [Entry] = []
        for try await (id, sequence, starts, ends, venue, online, code, version, cancelled, role, modified) in rows.decode(
            (UUID, Int, Date, Date, String?, Bool, String, UUID, Bool, String, Date).self
        ) {
            entries.append(Entry(sessionID: id, sequence: sequence, startsAt: starts, endsAt: ends, venue: venue, online: online,
                                 groupCode: code, courseVersionID: version, cancelled: cancelled, role: role, lastModified: modified))
        }
        return entries
    }
}
