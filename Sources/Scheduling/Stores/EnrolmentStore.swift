import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for enrolments and their history.
public struct EnrolmentStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// What inserting an enrolment came to.
    enum Insertion {
        /// Inserted, as it now stands.
        case added(Enrolment)
        /// Not inserted: the person is in a session elsewhere (`clash`) that overlaps this group's session at `overlapped`.
        case clash(SessionStore.Clash, overlapped: Date)
        /// Not inserted: the person has a live enrolment in the group already.
        case enrolledAlready
    }

    /// Inserts the enrolment with the first line of its history and its audit event, unless the person is enrolled in
    /// the group already, or trains or is enrolled in a session elsewhere that overlaps one of the group's. Called
    /// with the group's and the person's rows locked (`lockPlaces`, then the directory's `lockPeople`), so its checks see every enrolment into the
    /// group and of the person that committed before.
    func insertEnrolment(
        group: UUID, person: UUID, status: EnrolmentStatus, by actor: Principal, reason: String?, groupCode: String,
        on connection: PostgresConnection
    ) async throws -> Insertion {
        var bindings = PostgresBindings()
        bindings.append(person)
        bindings.append(group)
        bindings.append(status.rawValue)
        bindings.append(actor.auditLabel)
        bindings.append(reason)
        bindings.append(actor.accountID)
        bindings.append(try AuditTrail.encoded(["group": groupCode, "status": status.rawValue]))
        guard let row = try await connection.run(InsertEnrolmentUnlessClash.self, bindings, logger: logger).first else {
            return .enrolledAlready
        }
        let (id, queuedAt, changedAt, clashID, clashGroup, clashStarts, clashEnds, overlapped) = try row.decode(
            (UUID?, Date?, Date?, UUID?, String?, Date?, Date?, Date?).self
        )
        if let id, let queuedAt, let changedAt {
            return .added(Enrolment(
                id: id, groupID: group, personID: person, status: status, queuedAt: queuedAt,
                history: [.init(status: status, changedAt: changedAt, changedBy: actor.auditLabel, reason: reason)]
            ))
        }
        guard let clashID, let clashGroup, let clashStarts, let clashEnds, let overlapped else {
            throw UnexpectedRow(statement: InsertEnrolmentUnlessClash.name)
        }
        return .clash(SessionStore.Clash(sessionID: clashID, groupCode: clashGroup, startsAt: clashStarts, endsAt: clashEnds,
                                         personID: person), overlapped: overlapped)
    }

    /// A statement's row that is none of the shapes it returns: a defect, reported as a failed request.
    struct UnexpectedRow: Error, CustomStringConvertible {
        let statement: String
        var description: String { "\(statement) returned a row of no expected shape" }
    }

    /// What enrolment reads with the group's lock: the group's status, capacity and places taken as they are now.
    struct Places {
        let status: GroupStatus
        let capacity: Int?
        let booked: Int
    }

    /// Locks the group's row; nil when there is no such group. Enrolments into the group are decided one at a time.
    /// The caller then locks the person through the directory (the group first, then people, as every transaction
    /// locking both does — adding a session, for one), so their clash checks elsewhere see each other.
    func lockPlaces(group: UUID, on connection: PostgresConnection) async throws -> Places? {
        var bindings = PostgresBindings()
        bindings.append(group)
        guard let row = try await connection.run(LockPlaces.self, bindings, logger: logger).first else { return nil }
        let (status, capacity, booked) = try row.decode((String, Int?, Int).self)
        return Places(status: GroupStatus(rawValue: status)!, capacity: capacity, booked: booked)
    }

    // The statements run under a group's lock, which enrolments into it wait for one at a time: prepared.

    /// The enrolment, the first line of its history and its audit event in one statement, unless the person has a
    /// clashing session elsewhere: one row, either the new enrolment's id and times (so it need not be read back) or
    /// the clash; none when the person has a live enrolment in the group already (`enrolments_live_key`). `$1` the
    /// person, `$2` the group, `$3` the status, `$4` the actor's label, `$5` the reason, `$6` the actor's account,
    /// `$7` the audit event's details.
    enum InsertEnrolmentUnlessClash: PreparedSQL {
        static let name = "pilnveide:insert-enrolment-unless-clash"
        static let sql = """
            WITH clash AS (
                \(SessionStore.participantClashSQL)
            ), added AS (
                INSERT INTO enrolments (group_id, person_id, status)
                SELECT $2, $1, $3 WHERE NOT EXISTS (SELECT 1 FROM clash)
                ON CONFLICT (group_id, person_id) WHERE status <> 'cancelled' DO NOTHING
                RETURNING id, queued_at
            ), history AS (
                INSERT INTO enrolment_history (enrolment_id, status, changed_by, reason)
                SELECT id, $3, $4, $5 FROM added
                RETURNING enrolment_id, changed_at
            ), audited AS (
                INSERT INTO audit_events (\(AuditTrail.columns))
                SELECT $6, $4, 'enrolment.created', 'enrolment', upper(id::text), $7::jsonb FROM added
            )
            SELECT added.id, added.queued_at, history.changed_at, NULL::uuid, NULL::text, NULL::timestamptz,
                   NULL::timestamptz, NULL::timestamptz
            FROM added JOIN history ON history.enrolment_id = added.id
            UNION ALL
            SELECT NULL, NULL, NULL, clash.* FROM clash
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text, .text, .text, .uuid, .text]
    }

    /// After waiting for the lock, PostgreSQL hands this statement the row as the transaction before it left it:
    /// `booked` (kept by the enrolments' triggers) is then current, as a count over enrolments read in this statement
    /// would not be (it sees the snapshot taken before the wait).
    enum LockPlaces: PreparedSQL {
        static let name = "pilnveide:lock-group-places"
        static let sql = "SELECT status, capacity, booked FROM delivery_groups WHERE id = $1 FOR UPDATE"
        static let bindingDataTypes: [PostgresDataType] = [.uuid]
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

    /// The first `count` waitlisted enrolments of a group, in the order they asked, with whose they are.
    func firstWaitlisted(group: UUID, count: Int, on connection: PostgresConnection) async throws -> [(enrolment: UUID, person: UUID)] {
        guard count > 0 else { return [] }
        return try await connection.query(
            """
            SELECT id, person_id FROM enrolments WHERE group_id = \(group) AND status = 'waitlisted'
            ORDER BY queued_at, id LIMIT \(count) FOR UPDATE
            """,
            logger: logger
        ).decode((UUID, UUID).self).reduce(into: []) { $0.append((enrolment: $1.0, person: $1.1)) }
    }

    /// The group's booked places as its row keeps them (migration 0013), the count enrolment decides by too.
    func bookedCount(group: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "SELECT booked FROM delivery_groups WHERE id = \(group)", logger: logger
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
