import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// SQL for groups, sessions, trainers, enrolments, qualifications and the outbox. Every method runs on the
/// connection it is given, so the services choose the transaction and the locks.
struct SchedulingStore: Sendable {
    let logger: Logger

    // MARK: Groups

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

    /// Locks the group's row: capacity, status and sessions change one request at a time.
    func lockGroup(_ id: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT 1 FROM delivery_groups WHERE id = \(id) FOR UPDATE", logger: logger)
            .collect().count == 1
    }

    /// Locks people's rows in a fixed order, so checks of their timetables cannot race.
    func lockPeople(_ ids: [UUID], on connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT 1 FROM people WHERE id = ANY(\(ids.sorted { $0.uuidString < $1.uuidString })) ORDER BY id FOR UPDATE",
            logger: logger
        )
    }

    func lockVenue(_ venue: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtext('venue:' || regexp_replace(lower(btrim(\(venue))), '\\s+', ' ', 'g')))",
            logger: logger
        )
    }

    func setStatus(group: UUID, to status: GroupStatus, reason: String?, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE delivery_groups SET status = \(status.rawValue), cancelled_reason = \(reason), updated_at = now()
            WHERE id = \(group)
            """,
            logger: logger
        )
        if status == .cancelled {
            // Calendars show the sessions as cancelled from now on.
            try await connection.query(
                """
                UPDATE group_sessions SET cancelled_at = now(), sequence = sequence + 1, updated_at = now()
                WHERE group_id = \(group) AND cancelled_at IS NULL
                """,
                logger: logger
            )
        }
    }

    func setCapacity(group: UUID, to capacity: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE delivery_groups SET capacity = \(capacity), updated_at = now() WHERE id = \(group)", logger: logger
        )
    }

    /// Groups with their course, trainers, sessions and counts: three queries however many groups.
    func groups(ids: [UUID], on connection: PostgresConnection) async throws -> [Group] {
        guard !ids.isEmpty else { return [] }
        var trainers: [UUID: [GroupTrainer]] = [:]
        for try await (group, person, role) in try await connection.query(
            "SELECT group_id, person_id, role FROM group_trainers WHERE group_id = ANY(\(ids)) ORDER BY role DESC, person_id",
            logger: logger
        ).decode((UUID, UUID, String).self) {
            trainers[group, default: []].append(GroupTrainer(personID: person, role: GroupTrainer.Role(rawValue: role)!))
        }
        var sessions: [UUID: [GroupSession]] = [:]
        for try await (id, group, starts, ends, hours, venue, sequence, cancelled, updated) in try await connection.query(
            """
            SELECT id, group_id, starts_at, ends_at, academic_hours, venue, sequence, cancelled_at, updated_at
            FROM group_sessions WHERE group_id = ANY(\(ids)) ORDER BY starts_at
            """,
            logger: logger
        ).decode((UUID, UUID, Date, Date, Int, String?, Int, Date?, Date).self) {
            sessions[group, default: []].append(GroupSession(
                id: id, groupID: group, startsAt: starts, endsAt: ends, academicHours: hours, venue: venue,
                sequence: sequence, cancelledAt: cancelled, updatedAt: updated
            ))
        }
        var result: [UUID: Group] = [:]
        let rows = try await connection.query(
            """
            SELECT g.id, g.code, g.kind, g.course_version_id, v.course_code, v.version, v.title_lv, v.title_en,
                   g.region, g.venue, g.online, coalesce(g.capacity, 0), coalesce(g.minimum_participants, 0),
                   g.registration_opens_at, g.registration_closes_at, g.cancellation_deadline, g.pilot, g.status,
                   g.cancelled_reason,
                   (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id AND e.status = 'booked'),
                   (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id AND e.status = 'waitlisted')
            FROM delivery_groups g JOIN course_versions v ON v.id = g.course_version_id
            WHERE g.id = ANY(\(ids))
            """,
            logger: logger
        )
        for try await (id, code, kind, versionID, courseCode, version, titleLV, titleEN, region, venue, online, capacity,
                       minimum, opens, closes, deadline, pilot, status, reason, booked, waitlisted) in rows.decode(
            (UUID, String, String, UUID, String, Int, String, String, String?, String?, Bool, Int, Int, Date?, Date?, Date?,
             Bool, String, String?, Int, Int).self
        ) {
            result[id] = Group(
                id: id, code: code, kind: GroupKind(rawValue: kind)!, courseVersionID: versionID, courseCode: courseCode,
                courseVersion: version, courseTitle: .init(lv: titleLV, en: titleEN),
                region: region.flatMap(PlanningRegion.init(rawValue:)), venue: venue, online: online, capacity: capacity,
                minimumParticipants: minimum,
                registration: RegistrationWindow(opensAt: opens, closesAt: closes, cancellationDeadline: deadline),
                pilot: pilot, status: GroupStatus(rawValue: status)!, cancelledReason: reason,
                trainers: trainers[id] ?? [], sessions: sessions[id] ?? [], booked: booked, waitlisted: waitlisted
            )
        }
        return ids.compactMap { result[$0] }
    }

    func groupIDs(
        _ filter: GroupFilter, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (ids: [UUID], total: Int) {
        let rows = try await connection.query(
            """
            SELECT g.id, count(*) OVER ()
            FROM delivery_groups g JOIN course_versions v ON v.id = g.course_version_id
            WHERE (\(filter.courseCode)::text IS NULL OR v.course_code = \(filter.courseCode))
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

    // MARK: Sessions and clashes

    func insertSession(
        group: UUID, timing: SessionTiming, venue: String?, on connection: PostgresConnection
    ) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO group_sessions (group_id, starts_at, ends_at, academic_hours, venue)
            VALUES (\(group), \(timing.startsAt), \(timing.endsAt), \(timing.academicHours), \(venue)) RETURNING id
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

    /// A session of another live group that `person` trains or is enrolled in, overlapping any live session
    /// of `group`, with the start of the group's session it overlaps: one query for all the group's sessions.
    func clash(of person: UUID, withSessionsOf group: UUID, on connection: PostgresConnection) async throws -> (Clash, Date)? {
        let rows = try await connection.query(
            """
            SELECT s.id, g.code, s.starts_at, s.ends_at, mine.starts_at
            FROM group_sessions mine
            JOIN group_sessions s ON s.group_id <> mine.group_id AND s.cancelled_at IS NULL
                 AND s.starts_at < mine.ends_at AND mine.starts_at < s.ends_at
            JOIN delivery_groups g ON g.id = s.group_id AND g.status <> 'cancelled'
            WHERE mine.group_id = \(group) AND mine.cancelled_at IS NULL
              AND (EXISTS (SELECT 1 FROM group_trainers t WHERE t.group_id = s.group_id AND t.person_id = \(person))
                   OR EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = s.group_id AND e.person_id = \(person)
                              AND e.status IN ('requested', 'booked', 'waitlisted')))
            ORDER BY mine.starts_at, s.starts_at LIMIT 1
            """,
            logger: logger
        )
        for try await (session, code, starts, ends, mine) in rows.decode((UUID, String, Date, Date, Date).self) {
            return (Clash(sessionID: session, groupCode: code, startsAt: starts, endsAt: ends, personID: person), mine)
        }
        return nil
    }

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

    // MARK: Enrolments

    func liveEnrolment(group: UUID, person: UUID, on connection: PostgresConnection) async throws -> UUID? {
        for try await id in try await connection.query(
            "SELECT id FROM enrolments WHERE group_id = \(group) AND person_id = \(person) AND status <> 'cancelled'",
            logger: logger
        ).decode(UUID.self) { return id }
        return nil
    }

    func insertEnrolment(
        group: UUID, person: UUID, status: EnrolmentStatus, by actor: String, reason: String?, on connection: PostgresConnection
    ) async throws -> UUID {
        let id = try await connection.query(
            "INSERT INTO enrolments (group_id, person_id, status) VALUES (\(group), \(person), \(status.rawValue)) RETURNING id",
            logger: logger
        ).collect()[0].decode(UUID.self)
        try await recordHistory(enrolment: id, status: status, by: actor, reason: reason, on: connection)
        return id
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

    func enrolments(
        ids: [UUID]? = nil, group: UUID? = nil, person: UUID? = nil, organisation: UUID? = nil, on connection: PostgresConnection
    ) async throws -> [Enrolment] {
        var history: [UUID: [Enrolment.Change]] = [:]
        var result: [Enrolment] = []
        let rows = try await connection.query(
            """
            SELECT id, group_id, person_id, status, queued_at FROM enrolments
            WHERE (\(ids)::uuid[] IS NULL OR id = ANY(\(ids)))
              AND (\(group)::uuid IS NULL OR group_id = \(group))
              AND (\(person)::uuid IS NULL OR person_id = \(person))
              AND (\(organisation)::uuid IS NULL OR person_id IN (SELECT id FROM people WHERE organisation_id = \(organisation)))
            ORDER BY queued_at, id
            """,
            logger: logger
        )
        var found: [(UUID, UUID, UUID, String, Date)] = []
        for try await row in rows.decode((UUID, UUID, UUID, String, Date).self) { found.append(row) }
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
        for (id, group, person, status, queued) in found {
            result.append(Enrolment(id: id, groupID: group, personID: person, status: EnrolmentStatus(rawValue: status)!,
                                    queuedAt: queued, history: history[id] ?? []))
        }
        return result
    }

    // MARK: Attendance

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

    // MARK: Qualifications

    func qualifications(
        person: UUID? = nil, people: [UUID]? = nil, ids: [UUID]? = nil, courseCode: String? = nil, on connection: PostgresConnection
    ) async throws -> [TrainerQualification] {
        let rows = try await connection.query(
            """
            SELECT id, person_id, course_code, from_version, status, granted_via, reason, granted_by, granted_at,
                   signed_off_at, withdrawn_reason
            FROM trainer_qualifications
            WHERE (\(person)::uuid IS NULL OR person_id = \(person))
              AND (\(people)::uuid[] IS NULL OR person_id = ANY(\(people)))
              AND (\(ids)::uuid[] IS NULL OR id = ANY(\(ids)))
              AND (\(courseCode)::text IS NULL OR course_code = \(courseCode))
            ORDER BY granted_at, id
            """,
            logger: logger
        )
        var result: [TrainerQualification] = []
        for try await (id, person, course, from, status, via, reason, by, at, signedOff, withdrawnReason) in rows.decode(
            (UUID, UUID, String, Int, String, String, String?, String, Date, Date?, String?).self
        ) {
            result.append(TrainerQualification(
                id: id, personID: person, courseCode: course, fromVersion: from,
                status: TrainerQualification.Status(rawValue: status)!, grantedVia: TrainerQualification.Source(rawValue: via)!,
                reason: reason, grantedBy: by, grantedAt: at, signedOffAt: signedOff, withdrawnReason: withdrawnReason
            ))
        }
        return result
    }

    func insertQualification(
        person: UUID, courseCode: String, fromVersion: Int, status: TrainerQualification.Status,
        via: TrainerQualification.Source, cohort: UUID?, reason: String?, by actor: String, on connection: PostgresConnection
    ) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO trainer_qualifications (person_id, course_code, from_version, status, granted_via, cohort_group_id,
                reason, granted_by)
            VALUES (\(person), \(courseCode), \(fromVersion), \(status.rawValue), \(via.rawValue), \(cohort), \(reason), \(actor))
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    func withdrawQualification(_ id: UUID, reason: String, by actor: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE trainer_qualifications
            SET status = 'withdrawn', withdrawn_reason = \(reason), withdrawn_by = \(actor), withdrawn_at = now()
            WHERE id = \(id) AND status <> 'withdrawn' RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    func signOff(_ id: UUID, by supervisor: UUID, group: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE trainer_qualifications
            SET status = 'qualified', signed_off_by = \(supervisor), signed_off_group_id = \(group), signed_off_at = now()
            WHERE id = \(id) AND status = 'provisional' RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    // MARK: Outbox

    /// Adds a message unless one with the same key exists; true if added.
    func enqueue(
        kind: String, group: UUID?, subject: String, body: String, dedupeKey: String?, on connection: PostgresConnection
    ) async throws -> Bool {
        try await connection.query(
            """
            INSERT INTO notification_outbox (kind, group_id, subject, body, dedupe_key)
            VALUES (\(kind), \(group), \(subject), \(body), \(dedupeKey))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """,
            logger: logger
        ).collect().count == 1
    }

    func outbox(unsentOnly: Bool, on connection: PostgresConnection) async throws -> [OutboxMessage] {
        let rows = try await connection.query(
            """
            SELECT id, kind, group_id, subject, body, created_at FROM notification_outbox
            WHERE NOT \(unsentOnly) OR sent_at IS NULL ORDER BY id
            """,
            logger: logger
        )
        var result: [OutboxMessage] = []
        for try await (id, kind, group, subject, body, created) in rows.decode((Int64, String, UUID?, String, String, Date).self) {
            result.append(OutboxMessage(id: id, kind: kind, groupID: group, subject: subject, body: body, createdAt: created))
        }
        return result
    }
}
