import Foundation
import Logging
import PostgresNIO

/// SQL for who was present at which session.
public struct AttendanceStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    func recordAttendance(
        session: UUID, entries: [(person: UUID, present: Bool)], by actor: String, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO session_attendance (session_id, person_id, present, recorded_by)
            SELECT \(session), person, present, \(actor) FROM unnest(\(entries.map(\.person))::uuid[], \(entries.map(\.present))::boolean[]) AS t(person, present)
            ON CONFLICT (session_id, person_id)
            DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            """,
            logger: logger
        )
    }

    /// Academic hours each person was present for, over the group's live sessions.
    func attendedHours(group: UUID, on connection: PostgresConnection) async throws -> [UUID: Int] {
        var result: [UUID: Int] = [:]
        for try await (person, hours) in try await connection.query(
            """
            SELECT a.person_id, sum(s.academic_hours)::int FROM session_attendance a
            JOIN group_sessions s ON s.id = a.session_id AND s.cancelled_at IS NULL
            WHERE s.group_id = \(group) AND a.present GROUP BY a.person_id
            """,
            logger: logger
        ).decode((UUID, Int).self) { result[person] = hours }
        return result
    }

    func attendance(group: UUID, on connection: PostgresConnection) async throws -> [(session: UUID, person: UUID, present: Bool)] {
        try await connection.query(
            """
            SELECT a.session_id, a.person_id, a.present FROM session_attendance a
            JOIN group_sessions s ON s.id = a.session_id WHERE s.group_id = \(group) ORDER BY s.starts_at, a.person_id
            """,
            logger: logger
        ).decode((UUID, UUID, Bool).self).reduce(into: []) { $0.append(($1.0, $1.1, $1.2)) }
    }
}
