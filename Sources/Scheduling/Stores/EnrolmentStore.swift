import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for enrolments and their history.
public struct EnrolmentStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Inserts the enrolment with the first line of its history; returns it as it now stands.
    func insertEnrolment(
        group: UUID, person: UUID, status: EnrolmentStatus, by actor: String, reason: String?, on connection: PostgresConnection
    ) async throws -> Enrolment {
        do {
            // The enrolment and the first line of its history in one statement.
            var bindings = PostgresBindings()
            bindings.append(group)
            bindings.append(person)
            bindings.append(status.rawValue)
            bindings.append(actor)
            bindings.append(reason)
            let (id, queuedAt, changedAt) = try await connection.run(InsertEnrolment.self, bindings, logger: logger)[0]
                .decode((UUID, Date, Date).self)
            return Enrolment(id: id, groupID: group, personID: person, status: status, queuedAt: queuedAt,
                             history: [.init(status: status, changedAt: changedAt, changedBy: actor, reason: reason)])
        } catch let error where error.violatedUniqueConstraint == "enrolments_live_key" {
            throw ServiceError.conflict("the person is enrolled in this group already")
        }
    }

    /// Locks the person's row — their enrolments elsewhere are decided one at a time, so clashes are seen — and
    /// counts the group's booked places, and whether the person has a live (not cancelled) enrolment in it already.
    /// Called with the group's row locked, so no enrolment into it commits meanwhile.
    func lockPersonCountingBooked(person: UUID, group: UUID, on connection: PostgresConnection) async throws -> (booked: Int, enrolled: Bool) {
        var bindings = PostgresBindings()
        bindings.append(group)
        bindings.append(person)
        let (booked, enrolled) = try await connection.run(LockPersonCountingBooked.self, bindings, logger: logger)[0].decode((Int, Bool).self)
        return (booked, enrolled)
    }

    // The statements run under a group's lock, which enrolments into it wait for one at a time: prepared.

    /// The enrolment and the first line of its history in one statement, returning what is not known before: its
    /// id and times (so the new enrolment need not be read back).
    enum InsertEnrolment: PreparedSQL {
        static let name = "pilnveide:insert-enrolment"
        static let sql = """
            WITH added AS (
                INSERT INTO enrolments (group_id, person_id, status) VALUES ($1, $2, $3) RETURNING id, queued_at
            ), history AS (
                INSERT INTO enrolment_history (enrolment_id, status, changed_by, reason)
                SELECT id, $3, $4, $5 FROM added
                RETURNING enrolment_id, changed_at
            )
            SELECT added.id, added.queued_at, history.changed_at FROM added JOIN history ON history.enrolment_id = added.id
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text, .text, .text]
    }

    enum LockPersonCountingBooked: PreparedSQL {
        static let name = "pilnveide:lock-person-counting-booked"
        static let sql = """
            SELECT (SELECT count(*) FROM enrolments WHERE group_id = $1 AND status = 'booked')::int,
                   EXISTS (SELECT 1 FROM enrolments WHERE group_id = $1 AND person_id = $2 AND status <> 'cancelled')
            FROM people WHERE id = $2 FOR UPDATE
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid]
    }

    func setEnrolmentStatus(
        _ id: UUID, to status: EnrolmentStatus, by actor: String, reason: String?, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            "UPDATE enrolments SET status = \(status.rawValue), updated_at = now() WHERE id = \(id)", logger: logger
        )
        try await recordHistory(enrolment: id, status: status, by: actor, reason: reason, on: connection)
    }

    private func recordHistory(
        enrolment: UUID, status: EnrolmentStatus, by actor: String, reason: String?, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO enrolment_history (enrolment_id, status, changed_by, reason)
            VALUES (\(enrolment), \(status.rawValue), \(actor), \(reason))
            """,
            logger: logger
        )
    }

    /// The first `count` waitlisted enrolments of a group, in the order they asked.
    func firstWaitlisted(group: UUID, count: Int, on connection: PostgresConnection) async throws -> [UUID] {
        guard count > 0 else { return [] }
        return try await connection.query(
            """
            SELECT id FROM enrolments WHERE group_id = \(group) AND status = 'waitlisted'
            ORDER BY queued_at, id LIMIT \(count) FOR UPDATE
            """,
            logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    func bookedCount(group: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "SELECT count(*) FROM enrolments WHERE group_id = \(group) AND status = 'booked'", logger: logger
        ).collect()[0].decode(Int.self)
    }

    /// The people booked into a group.
    package func bookedPeople(group: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT person_id FROM enrolments WHERE group_id = \(group) AND status = 'booked' ORDER BY queued_at, id",
            logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    /// Enrolments with their history, narrowed by any of the filters given; `people` narrows to these people.
    func enrolments(
        ids: [UUID]? = nil, group: UUID? = nil, people: [UUID]? = nil, on connection: PostgresConnection
    ) async throws -> [Enrolment] {
        let rows = try await connection.query(
            """
            SELECT id, group_id, person_id, status, queued_at FROM enrolments
            WHERE (\(ids)::uuid[] IS NULL OR id = ANY(\(ids)))
              AND (\(group)::uuid IS NULL OR group_id = \(group))
              AND (\(people)::uuid[] IS NULL OR person_id = ANY(\(people)))
            ORDER BY queued_at, id
            """,
            logger: logger
        )
        var found: [(UUID, UUID, UUID, String, Date)] = []
        for try await row in rows.decode((UUID, UUID, UUID, String, Date).self) { found.append(row) }
        var history: [UUID: [Enrolment.Change]] = [:]
        let foundIDs = found.map(\.0)
        if !foundIDs.isEmpty {
            for try await (enrolment, status, at, by, reason) in try await connection.query(
                """
                SELECT enrolment_id, status, changed_at, changed_by, reason FROM enrolment_history
                WHERE enrolment_id = ANY(\(foundIDs)) ORDER BY id
                """,
                logger: logger
            ).decode((UUID, String, Date, String, String?).self) {
                history[enrolment, default: []].append(.init(
                    status: EnrolmentStatus(rawValue: status)!, changedAt: at, changedBy: by, reason: reason
                ))
            }
        }
        return found.map { id, group, person, status, queued in
            Enrolment(id: id, groupID: group, personID: person, status: EnrolmentStatus(rawValue: status)!,
                      queuedAt: queued, history: history[id] ?? [])
        }
    }
}
