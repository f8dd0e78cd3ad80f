import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for groups' sessions and the clash checks between them.
public struct SessionStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// The sessions of these groups, earliest first, by group.
    func sessions(groups ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: [GroupSession]] {
        guard !ids.isEmpty else { return [:] }
        var sessions: [UUID: [GroupSession]] = [:]
        for try await (id, group, starts, ends, hours, venue, modules, sequence, cancelled, updated) in try await connection.query(
            """
            SELECT id, group_id, starts_at, ends_at, academic_hours, venue, modules, sequence, cancelled_at, updated_at
            FROM group_sessions WHERE group_id = ANY(\(ids)) ORDER BY starts_at
            """,
            logger: logger
        ).decode((UUID, UUID, Date, Date, Int, String?, [String], Int, Date?, Date).self) {
            sessions[group, default: []].append(GroupSession(
                id: id, groupID: group, startsAt: starts, endsAt: ends, academicHours: hours, venue: venue, modules: modules,
                sequence: sequence, cancelledAt: cancelled, updatedAt: updated
            ))
        }
        return sessions
    }

    func insertSession(
        group: UUID, timing: SessionTiming, venue: String?, modules: [String], on connection: PostgresConnection
    ) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO group_sessions (group_id, starts_at, ends_at, academic_hours, venue, modules)
            VALUES (\(group), \(timing.startsAt), \(timing.endsAt), \(timing.academicHours), \(venue), \(modules)) RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    func cancelSession(_ id: UUID, group: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE group_sessions SET cancelled_at = now(), sequence = sequence + 1, updated_at = now()
            WHERE id = \(id) AND group_id = \(group) AND cancelled_at IS NULL RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    /// Cancels every live session of a cancelled group, so calendars show them as cancelled from now on.
    func cancelAllSessions(group: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE group_sessions SET cancelled_at = now(), sequence = sequence + 1, updated_at = now()
            WHERE group_id = \(group) AND cancelled_at IS NULL
            """,
            logger: logger
        )
    }

    /// Serialises session changes at one venue (compared without case and runs of spaces).
    func lockVenue(_ venue: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtext('venue:' || regexp_replace(lower(btrim(\(venue))), '\\s+', ' ', 'g')))",
            logger: logger
        )
    }

    /// A session elsewhere that clashes, described for a 409.
    struct Clash: Sendable {
        let sessionID: UUID
        let groupCode: String
        let startsAt: Date
        let endsAt: Date
        let personID: UUID?
    }

    private static func clash(_ rows: PostgresRowSequence) async throws -> Clash? {
        for try await (session, code, starts, ends, person) in rows.decode((UUID, String, Date, Date, UUID?).self) {
            return Clash(sessionID: session, groupCode: code, startsAt: starts, endsAt: ends, personID: person)
        }
        return nil
    }

    /// A session of another live group that one of `people` trains and that overlaps the interval.
    func trainerClash(
        people: [UUID], startsAt: Date, endsAt: Date, excludingGroup: UUID, on connection: PostgresConnection
    ) async throws -> Clash? {
        try await Self.clash(connection.query(
            """
            SELECT s.id, g.code, s.starts_at, s.ends_at, t.person_id
            FROM group_trainers t
            JOIN group_sessions s ON s.group_id = t.group_id AND s.cancelled_at IS NULL
            JOIN delivery_groups g ON g.id = t.group_id AND g.status <> 'cancelled'
            WHERE t.person_id = ANY(\(people)) AND t.group_id <> \(excludingGroup)
              AND s.starts_at < \(endsAt) AND \(startsAt) < s.ends_at
            ORDER BY s.starts_at LIMIT 1
            """,
            logger: logger
        ))
    }

    /// A session of another live group in which one of `people` is enrolled and that overlaps the interval.
    func participantClash(
        people: [UUID], startsAt: Date, endsAt: Date, excludingGroup: UUID, on connection: PostgresConnection
    ) async throws -> Clash? {
        try await Self.clash(connection.query(
            """
            SELECT s.id, g.code, s.starts_at, s.ends_at, e.person_id
            FROM enrolments e
            JOIN group_sessions s ON s.group_id = e.group_id AND s.cancelled_at IS NULL
            JOIN delivery_groups g ON g.id = e.group_id AND g.status <> 'cancelled'
            WHERE e.person_id = ANY(\(people)) AND e.status IN ('requested', 'booked', 'waitlisted')
              AND e.group_id <> \(excludingGroup) AND s.starts_at < \(endsAt) AND \(startsAt) < s.ends_at
            ORDER BY s.starts_at LIMIT 1
            """,
            logger: logger
        ))
    }

    /// A session of another live group that the person `$1` trains or is enrolled in, overlapping any live session
    /// of the group `$2`: its id, its group's code, its start and end, and the start of the group's session it
    /// overlaps; one row at most, for all the group's sessions at once. Enrolment asks it in the statement that
    /// inserts the enrolment (see `EnrolmentStore.InsertEnrolmentUnlessClash`), under the person's lock.
    static let participantClashSQL = """
        SELECT s.id, g.code, s.starts_at, s.ends_at, mine.starts_at
        FROM group_sessions mine
        JOIN group_sessions s ON s.group_id <> mine.group_id AND s.cancelled_at IS NULL
             AND s.starts_at < mine.ends_at AND mine.starts_at < s.ends_at
        JOIN delivery_groups g ON g.id = s.group_id AND g.status <> 'cancelled'
        WHERE mine.group_id = $2 AND mine.cancelled_at IS NULL
          AND (EXISTS (SELECT 1 FROM group_trainers t WHERE t.group_id = s.group_id AND t.person_id = $1)
               OR EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = s.group_id AND e.person_id = $1
                          AND e.status IN ('requested', 'booked', 'waitlisted')))
        ORDER BY mine.starts_at, s.starts_at LIMIT 1
        """

    /// Another live session at the same venue (compared without case) overlapping the interval.
    func venueClash(venue: String, startsAt: Date, endsAt: Date, on connection: PostgresConnection) async throws -> Clash? {
        try await Self.clash(connection.query(
            """
            SELECT s.id, g.code, s.starts_at, s.ends_at, NULL::uuid
            FROM group_sessions s JOIN delivery_groups g ON g.id = s.group_id AND g.status <> 'cancelled'
            WHERE s.cancelled_at IS NULL AND NOT g.online
              AND regexp_replace(lower(btrim(coalesce(s.venue, g.venue))), '\\s+', ' ', 'g')
                  = regexp_replace(lower(btrim(\(venue))), '\\s+', ' ', 'g')
              AND s.starts_at < \(endsAt) AND \(startsAt) < s.ends_at
            ORDER BY s.starts_at LIMIT 1
            """,
            logger: logger
        ))
    }
}
