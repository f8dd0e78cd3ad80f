import Foundation
import Logging
import PostgresNIO

/// SQL for session markings and the history of their changes.
public struct AttendanceStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// A marking to write: new, or a change to one made already (then with the old value and a reason).
    struct Write {
        let person: UUID
        let mark: AttendanceMark
        let change: (from: AttendanceMark, reason: String)?
    }

    /// Writes the markings of one session and, for each change, a history row: two statements for a sheet.
    /// Minutes travel as 0 for "none" (arrays of optionals do not encode) and are stored as NULL.
    func write(session: UUID, _ writes: [Write], by actor: String, on connection: PostgresConnection) async throws {
        guard !writes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO session_attendance (session_id, person_id, status, minutes_attended, recorded_by, first_recorded_by)
            SELECT \(session), person, status, NULLIF(minutes, 0), \(actor), \(actor)
            FROM unnest(\(writes.map(\.person))::uuid[], \(writes.map(\.mark.status))::text[], \(writes.map { $0.mark.minutes ?? 0 })::int[])
                AS t(person, status, minutes)
            ON CONFLICT (session_id, person_id) DO UPDATE
            SET status = EXCLUDED.status, minutes_attended = EXCLUDED.minutes_attended,
                recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            """,
            logger: logger
        )
        let changes = writes.filter { $0.change != nil }
        guard !changes.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO attendance_changes (session_id, person_id, old_status, old_minutes, new_status, new_minutes, reason, changed_by)
            SELECT \(session), person, old_status, NULLIF(old_minutes, 0), new_status, NULLIF(new_minutes, 0), reason, \(actor)
            FROM unnest(\(changes.map(\.person))::uuid[], \(changes.map { $0.change!.from.status })::text[],
                        \(changes.map { $0.change!.from.minutes ?? 0 })::int[], \(changes.map(\.mark.status))::text[],
                        \(changes.map { $0.mark.minutes ?? 0 })::int[], \(changes.map { $0.change!.reason })::text[])
                AS t(person, old_status, old_minutes, new_status, new_minutes, reason)
            """,
            logger: logger
        )
    }

    /// Every marking in a group's sessions (cancelled ones too), by person and session.
    func marks(group: UUID, on connection: PostgresConnection) async throws -> [UUID: [UUID: AttendanceMark]] {
        var result: [UUID: [UUID: AttendanceMark]] = [:]
        for try await (session, person, status, minutes) in try await connection.query(
            """
            SELECT a.session_id, a.person_id, a.status, a.minutes_attended FROM session_attendance a
            JOIN group_sessions s ON s.id = a.session_id WHERE s.group_id = \(group)
            """,
            logger: logger
        ).decode((UUID, UUID, String, Int?).self) {
            if let mark = AttendanceMark(status: status, minutes: minutes) { result[person, default: [:]][session] = mark }
        }
        return result
    }

    /// The changes to a group's markings, oldest first.
    func changes(group: UUID, on connection: PostgresConnection) async throws -> [AttendanceChange] {
        var result: [AttendanceChange] = []
        for try await (session, person, oldStatus, oldMinutes, newStatus, newMinutes, reason, by, at) in try await connection.query(
            """
            SELECT c.session_id, c.person_id, c.old_status, c.old_minutes, c.new_status, c.new_minutes, c.reason, c.changed_by, c.changed_at
            FROM attendance_changes c JOIN group_sessions s ON s.id = c.session_id
            WHERE s.group_id = \(group) ORDER BY c.id
            """,
            logger: logger
        ).decode((UUID, UUID, String, Int?, String, Int?, String, String, Date).self) {
            guard let from = AttendanceMark(status: oldStatus, minutes: oldMinutes),
                  let to = AttendanceMark(status: newStatus, minutes: newMinutes) else { continue }
            result.append(.init(sessionID: session, personID: person, from: from, to: to, reason: reason, changedBy: by, changedAt: at))
        }
        return result
    }
}
