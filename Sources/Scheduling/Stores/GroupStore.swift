import Core
import Curriculum
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for groups and their trainers. Every method runs on the connection it is given, so the services
/// choose the transaction and the locks.
public struct GroupStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    struct NewGroup: Sendable {
        let code: String
        let kind: GroupKind
        let courseVersionID: UUID
        let region: PlanningRegion?
        let venue: String?
        let online: Bool
        let capacity: Int
        let minimumParticipants: Int
        let registration: RegistrationWindow
        let pilot: Bool
        let createdBy: String
    }

    func insertGroup(_ group: NewGroup, on connection: PostgresConnection) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO delivery_groups (code, kind, course_version_id, region, venue, online, capacity,
                minimum_participants, registration_opens_at, registration_closes_at, cancellation_deadline, pilot, created_by)
            VALUES (\(group.code), \(group.kind.rawValue), \(group.courseVersionID), \(group.region?.rawValue), \(group.venue),
                \(group.online), \(group.capacity), \(group.minimumParticipants), \(group.registration.opensAt),
                \(group.registration.closesAt), \(group.registration.cancellationDeadline), \(group.pilot), \(group.createdBy))
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    func insertTrainers(group: UUID, lead: UUID, co: [UUID], on connection: PostgresConnection) async throws {
        let people = [lead] + co
        let roles = ["lead"] + co.map { _ in "co" }
        try await connection.query(
            """
            INSERT INTO group_trainers (group_id, person_id, role)
            SELECT \(group), person, role FROM unnest(\(people)::uuid[], \(roles)::text[]) AS t(person, role)
            """,
            logger: logger
        )
    }

    /// Locks the group's row: capacity, status, sessions and enrolments change one request at a time.
    func lockGroup(_ id: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT 1 FROM delivery_groups WHERE id = \(id) FOR UPDATE", logger: logger)
            .collect().count == 1
    }

    package func setStatus(group: UUID, to status: GroupStatus, reason: String?, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE delivery_groups SET status = \(status.rawValue), cancelled_reason = \(reason), updated_at = now()
            WHERE id = \(group)
            """,
            logger: logger
        )
    }

    func setCapacity(group: UUID, to capacity: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE delivery_groups SET capacity = \(capacity), updated_at = now() WHERE id = \(group)", logger: logger
        )
    }

    /// A group's row with its trainers and counts, before the course version is named (`GroupService.groups(ids:on:)` asks the catalogue).
    struct Row: Sendable {
        let id: UUID
        let code: String
        let kind: GroupKind
        let courseVersionID: UUID
        let region: PlanningRegion?
        let venue: String?
        let online: Bool
        let capacity: Int
        let minimumParticipants: Int
        let registration: RegistrationWindow
        let pilot: Bool
        let status: GroupStatus
        let cancelledReason: String?
        let trainers: [GroupTrainer]
        let booked: Int
        let waitlisted: Int
    }

    /// Group codes by id, for lists that name groups without loading them.
    package func codes(ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: String] = [:]
        for try await (id, code) in try await connection.query(
            "SELECT id, code FROM delivery_groups WHERE id = ANY(\(ids))", logger: logger
        ).decode((UUID, String).self) { result[id] = code }
        return result
    }

    /// Group ids by code, for references that name groups by code.
    package func ids(codes: [String], on connection: PostgresConnection) async throws -> [String: UUID] {
        guard !codes.isEmpty else { return [:] }
        var result: [String: UUID] = [:]
        for try await (code, id) in try await connection.query(
            "SELECT code, id FROM delivery_groups WHERE code = ANY(\(codes))", logger: logger
        ).decode((String, UUID).self) { result[code] = id }
        return result
    }

    /// Groups' rows with their trainers and counts: one query however many groups, in the order of `ids`.
    func rows(ids: [UUID], on connection: PostgresConnection) async throws -> [Row] {
        guard !ids.isEmpty else { return [] }
        var result: [UUID: Row] = [:]
        for row in try await connection.rows(GroupsByID.self, ids: ids, logger: logger) {
            let (id, code, kind, versionID, region, venue, online, capacity, minimum, opens, closes, deadline, pilot,
                 status, reason, booked, waitlisted) = try row.decode(
                (UUID, String, String, UUID, String?, String?, Bool, Int, Int, Date?, Date?, Date?, Bool, String, String?, Int, Int).self
            )
            let columns = row.makeRandomAccess()
            let trainerIDs = try columns[17].decode([UUID].self)
            let trainerRoles = try columns[18].decode([String].self)
            let trainers = zip(trainerIDs, trainerRoles).map { GroupTrainer(personID: $0, role: GroupTrainer.Role(rawValue: $1)!) }
            result[id] = Row(
                id: id, code: code, kind: GroupKind(rawValue: kind)!, courseVersionID: versionID,
                region: region.flatMap(PlanningRegion.init(rawValue:)), venue: venue, online: online, capacity: capacity,
                minimumParticipants: minimum,
                registration: RegistrationWindow(opensAt: opens, closesAt: closes, cancellationDeadline: deadline),
                pilot: pilot, status: GroupStatus(rawValue: status)!, cancelledReason: reason,
                trainers: trainers, booked: booked, waitlisted: waitlisted
            )
        }
        return ids.compactMap { result[$0] }
    }

    // Read by every request about a group: prepared.

    /// Each group with its counts (the booked places as its row keeps them) and its trainers (leads first), the
    /// trainers as two arrays in the same order.
    enum GroupsByID: ReadByIDs {
        static let name = "pilnveide:groups-by-id"
        static func sql(comparing ids: String) -> String {
            """
            SELECT g.id, g.code, g.kind, g.course_version_id, g.region, g.venue, g.online, coalesce(g.capacity, 0),
                   coalesce(g.minimum_participants, 0), g.registration_opens_at, g.registration_closes_at,
                   g.cancellation_deadline, g.pilot, g.status, g.cancelled_reason,
                   g.booked, (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id AND e.status = 'waitlisted'),
                   t.people, t.roles
            FROM delivery_groups g
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(person_id ORDER BY role DESC, person_id), '{}') AS people,
                       coalesce(array_agg(role ORDER BY role DESC, person_id), '{}') AS roles
                FROM group_trainers WHERE group_id = g.id
            ) t
            WHERE g.id \(ids)
            """
        }
    }

    /// A page of group ids, earliest first session first. `versionIDs` narrows to groups of these course
    /// versions (the catalogue resolves a course code to them).
    func groupIDs(
        _ filter: GroupFilter, versionIDs: [UUID]?, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (ids: [UUID], total: Int) {
        let rows = try await connection.query(
            """
            SELECT g.id, count(*) OVER ()
            FROM delivery_groups g
            WHERE (\(versionIDs)::uuid[] IS NULL OR g.course_version_id = ANY(\(versionIDs)))
              AND (\(filter.region?.rawValue)::text IS NULL OR g.region = \(filter.region?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR g.status = \(filter.status?.rawValue))
              AND ((\(filter.from)::timestamptz IS NULL AND \(filter.to)::timestamptz IS NULL)
                   OR EXISTS (SELECT 1 FROM group_sessions s
                              WHERE s.group_id = g.id AND s.cancelled_at IS NULL
                                AND (\(filter.from)::timestamptz IS NULL OR s.starts_at >= \(filter.from))
                                AND (\(filter.to)::timestamptz IS NULL OR s.starts_at < \(filter.to))))
            ORDER BY (SELECT min(s.starts_at) FROM group_sessions s WHERE s.group_id = g.id) NULLS LAST, g.code
            LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        )
        var ids: [UUID] = []
        var total = 0
        for try await (id, count) in rows.decode((UUID, Int).self) {
            ids.append(id)
            total = count
        }
        return (ids, total)
    }

    /// Pilot deliveries of these course versions, by version.
    package func pilotGroupIDs(versionIDs: [UUID], on connection: PostgresConnection) async throws -> [UUID: [UUID]] {
        guard !versionIDs.isEmpty else { return [:] }
        var result: [UUID: [UUID]] = [:]
        for try await (version, id) in try await connection.query(
            """
            SELECT course_version_id, id FROM delivery_groups
            WHERE course_version_id = ANY(\(versionIDs)) AND pilot AND kind = 'delivery' ORDER BY code
            """,
            logger: logger
        ).decode((UUID, UUID).self) { result[version, default: []].append(id) }
        return result
    }

    /// Groups in `statuses` whose first live session starts between `from` and `to`.
    func groupIDs(
        statuses: [GroupStatus], firstSessionBetween from: Date, and to: Date, on connection: PostgresConnection
    ) async throws -> [UUID] {
        try await connection.query(
            """
            SELECT g.id FROM delivery_groups g
            WHERE g.status = ANY(\(statuses.map(\.rawValue)))
              AND (SELECT min(s.starts_at) FROM group_sessions s WHERE s.group_id = g.id AND s.cancelled_at IS NULL)
                  BETWEEN \(from) AND \(to)
            """,
            logger: logger
        ).decode(UUID.self).reduce(into: []) { $0.append($1) }
    }
}

extension GroupStore: CourseVersionUsage {
    /// Codes of the groups that deliver a version: the catalogue asks before changing a version in place.
    public func groupCodes(deliveringVersion versionID: UUID, on connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            "SELECT code FROM delivery_groups WHERE course_version_id = \(versionID) ORDER BY code", logger: logger
        ).decode(String.self).reduce(into: []) { $0.append($1) }
    }

    /// Groups delivering a course version (not cancelled ones), by code.
    package func deliveries(ofVersion versionID: UUID, on connection: PostgresConnection) async throws -> [(id: UUID, code: String)] {
        try await connection.query(
            "SELECT id, code FROM delivery_groups WHERE course_version_id = \(versionID) AND status <> 'cancelled' ORDER BY code",
            logger: logger
        ).decode((UUID, String).self).reduce(into: []) { $0.append(($1.0, $1.1)) }
    }
}
