import Crypto
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Per-person calendar feeds: every session a person trains or is booked into, at a secret URL they can
/// rotate. Only the secret's SHA-256 is stored; a rotated secret stops working at once.
public struct CalendarService: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A new secret for `personID`'s feed, replacing any earlier one. Shown once.
    public func rotateFeed(for personID: UUID, by actor: Actor) async throws -> String {
        if case .caller(let caller) = actor, caller.personID != personID, !caller.isInspectorate {
            throw ServiceError.forbidden("you may manage only your own calendar feed")
        }
        let secret = AccessToken.generate()
        try await database.transaction { connection in
            try await connection.query(
                """
                INSERT INTO calendar_feeds (person_id, secret_hash) VALUES (\(personID), \(ByteBuffer(bytes: secret.hash)))
                ON CONFLICT (person_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = now()
                """,
                logger: database.logger
            )
            try await AuditTrail(logger: database.logger).record(
                "calendar.rotated", subjectType: "person", subjectID: personID.uuidString, by: actor, on: connection
            )
        }
        return secret.value
    }

    /// The feed behind a secret, or nil when no feed has it.
    public func feed(secret: String, now: Date = Date()) async throws -> String? {
        try await database.withConnection { connection in
            let owner = try await connection.query(
                """
                SELECT p.id, p.given_name || ' ' || p.family_name FROM calendar_feeds f JOIN people p ON p.id = f.person_id
                WHERE f.secret_hash = \(ByteBuffer(bytes: AccessToken.hash(of: secret)))
                """,
                logger: database.logger
            ).collect().first
            guard let owner else { return nil }
            let (personID, name) = try owner.decode((UUID, String).self)
            return ICalendar.feed(name: "Pilnveide — \(name)", events: try await events(for: personID, on: connection), now: now)
        }
    }

    /// Sessions the person trains, and sessions of groups they are (or were) booked into. A cancelled
    /// enrolment or session stays in the feed as cancelled, so subscribed calendars remove it.
    func events(for personID: UUID, on connection: PostgresConnection) async throws -> [CalendarEvent] {
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
            SELECT s.id, s.sequence, s.starts_at, s.ends_at, coalesce(s.venue, g.venue), g.online, g.code, v.title_lv,
                   s.cancelled_at IS NOT NULL OR g.status = 'cancelled', c.role, greatest(s.updated_at, g.updated_at)
            FROM chosen c
            JOIN delivery_groups g ON g.id = c.group_id
            JOIN course_versions v ON v.id = g.course_version_id
            JOIN group_sessions s ON s.group_id = g.id
            ORDER BY s.starts_at
            """,
            logger: database.logger
        )
        var events: [CalendarEvent] = []
        for try await (id, sequence, starts, ends, venue, online, code, title, cancelled, role, modified) in rows.decode(
            (UUID, Int, Date, Date, String?, Bool, String, String, Bool, String, Date).self
        ) {
            let withdrawn = role == "cancelled"
            events.append(CalendarEvent(
                uid: "\(id.uuidString.lowercased())@pilnveide",
                // A person's own cancellation is a change to their copy of the event.
                sequence: sequence + (withdrawn ? 1 : 0),
                startsAt: starts, endsAt: ends,
                summary: "\(title) (\(code))",
                location: online ? "Tiešsaistē / online" : venue,
                description: role == "trainer" ? "Jūs vadāt šo nodarbību / You lead this session" : nil,
                cancelled: cancelled || withdrawn,
                lastModified: modified
            ))
        }
        return events
    }
}
