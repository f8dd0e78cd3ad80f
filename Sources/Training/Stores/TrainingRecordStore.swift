import Core
import Curriculum
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for training records. Rows are only added (a correction is a new row); approval is filled in once.
public struct TrainingRecordStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// A record to add.
    struct NewRecord {
        var personID: UUID
        var source: TrainingRecord.Source
        var courseVersionID: UUID?
        var courseCode: String?
        var courseVersion: Int?
        var groupID: UUID?
        var provider: String?
        var title: String
        var startsOn: CalendarDate
        var endsOn: CalendarDate
        var academicHours: HoursCredit
        var outcome: TrainingRecord.Outcome
        var reasons: [String]
        var evidenceReference: String?
        var placement: (organisationID: UUID?, region: PlanningRegion?, position: Position?)
        var supersedes: UUID?
        var correctionReason: String?
        /// Group records are approved by closing; external ones wait for an officer.
        var approved: Bool
    }

    func insert(_ record: NewRecord, by actor: String, account: UUID?, on connection: PostgresConnection) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO training_records (
                person_id, source, course_version_id, course_code, course_version, group_id, provider, title, starts_on,
                ends_on, academic_hours, outcome, reasons, evidence_reference, organisation_id, region, position,
                supersedes, correction_reason, recorded_by, recorded_account, approved_by, approved_at)
            VALUES (
                \(record.personID), \(record.source.rawValue), \(record.courseVersionID), \(record.courseCode),
                \(record.courseVersion), \(record.groupID), \(record.provider), \(record.title), \(record.startsOn.description)::date,
                \(record.endsOn.description)::date, \(record.academicHours.quarters)::numeric / 4, \(record.outcome.rawValue),
                \(record.reasons), \(record.evidenceReference), \(record.placement.organisationID),
                \(record.placement.region?.rawValue), \(record.placement.position?.rawValue), \(record.supersedes),
                \(record.correctionReason), \(actor), \(account), \(record.approved ? actor : nil),
                CASE WHEN \(record.approved) THEN clock_timestamp() END)
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    /// A record that supersedes `old`: the same person, course, group and dates, with the corrected values.
    func insertCorrection(
        of old: UUID, academicHours: HoursCredit, outcome: TrainingRecord.Outcome, reasons: [String], reason: String,
        approved: Bool, by actor: String, account: UUID?, on connection: PostgresConnection
    ) async throws -> UUID {
        try await connection.query(
            """
            INSERT INTO training_records (
                person_id, source, course_version_id, course_code, course_version, group_id, provider, title, starts_on,
                ends_on, academic_hours, outcome, reasons, evidence_reference, organisation_id, region, position,
                supersedes, correction_reason, recorded_by, recorded_account, approved_by, approved_at)
            SELECT person_id, source, course_version_id, course_code, course_version, group_id, provider, title, starts_on,
                   ends_on, \(academicHours.quarters)::numeric / 4, \(outcome.rawValue), \(reasons), evidence_reference,
                   organisation_id, region, position, id, \(reason), \(actor), \(account), \(approved ? actor : nil),
                   CASE WHEN \(approved) THEN clock_timestamp() END
            FROM training_records WHERE id = \(old)
            RETURNING id
            """,
            logger: logger
        ).collect()[0].decode(UUID.self)
    }

    /// Approves a record waiting for approval; false when there is none such (or it was corrected since).
    func approve(_ id: UUID, by actor: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE training_records r SET approved_by = \(actor), approved_at = clock_timestamp()
            WHERE r.id = \(id) AND r.approved_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)
            RETURNING r.id
            """,
            logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// Locks a record so two corrections of it cannot both be made.
    func lock(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("SELECT 1 FROM training_records WHERE id = \(id) FOR UPDATE", logger: logger)
    }

    private static let columns = """
        r.id, r.person_id, r.source, r.course_code, r.course_version, r.group_id, r.provider, r.title, r.starts_on::text AS starts_on,
        r.ends_on::text AS ends_on, (r.academic_hours * 4)::int AS quarters, r.outcome, r.reasons, r.evidence_reference,
        r.organisation_id, r.region, r.position, r.supersedes, r.correction_reason,
        (SELECT n.id FROM training_records n WHERE n.supersedes = r.id) AS superseded_by,
        r.recorded_by, r.recorded_account, r.recorded_at, r.approved_by, r.approved_at
        """

    func records(ids: [UUID], on connection: PostgresConnection) async throws -> [TrainingRecord] {
        guard !ids.isEmpty else { return [] }
        return try await Self.decode(try await connection.query(
            "SELECT \(unescaped: Self.columns), 0::bigint AS total FROM training_records r WHERE r.id = ANY(\(ids)) ORDER BY r.recorded_at",
            logger: logger
        )).items
    }

    /// Current records (newest of each correction chain) matching the filter, latest first, one page of them.
    func records(
        _ filter: TrainingRecordFilter, page: PageRequest, on connection: PostgresConnection
    ) async throws -> (items: [TrainingRecord], total: Int) {
        try await Self.decode(try await connection.query(
            """
            SELECT \(unescaped: Self.columns), count(*) OVER () AS total FROM training_records r
            WHERE NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)
              AND (r.approved_at IS NOT NULL OR \(filter.includePending))
              AND (\(filter.personID)::uuid IS NULL OR r.person_id = \(filter.personID))
              AND (\(filter.people)::uuid[] IS NULL OR r.person_id = ANY(\(filter.people)))
              AND (\(filter.courseCode)::text IS NULL OR r.course_code = \(filter.courseCode))
              AND (\(filter.region?.rawValue)::text IS NULL OR r.region = \(filter.region?.rawValue))
              AND (\(filter.organisationID)::uuid IS NULL OR r.organisation_id = \(filter.organisationID))
              AND (\(filter.position?.rawValue)::text IS NULL OR r.position = \(filter.position?.rawValue))
              AND (\(filter.from?.description)::date IS NULL OR r.ends_on >= \(filter.from?.description)::date)
              AND (\(filter.to?.description)::date IS NULL OR r.ends_on <= \(filter.to?.description)::date)
              AND (\(filter.source?.rawValue)::text IS NULL OR r.source = \(filter.source?.rawValue))
            ORDER BY r.ends_on DESC, r.id LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        ))
    }

    /// The group records of a closed group, current ones.
    func records(group: UUID, on connection: PostgresConnection) async throws -> [TrainingRecord] {
        try await Self.decode(try await connection.query(
            """
            SELECT \(unescaped: Self.columns), 0::bigint AS total FROM training_records r
            WHERE r.group_id = \(group) AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)
            ORDER BY r.person_id
            """,
            logger: logger
        )).items
    }

    /// How many people completed each course version, by the region and position they had then: current,
    /// completed records of catalogue courses ending in the period.
    func completions(
        courseCode: String?, from: CalendarDate?, to: CalendarDate?, on connection: PostgresConnection
    ) async throws -> [CompletionCount] {
        var result: [CompletionCount] = []
        for try await (code, version, region, position, people) in try await connection.query(
            """
            SELECT course_code, course_version, region, position, count(DISTINCT person_id)::int
            FROM current_training_records
            WHERE outcome = 'completed' AND course_code IS NOT NULL AND course_version IS NOT NULL
              AND (\(courseCode)::text IS NULL OR course_code = \(courseCode))
              AND (\(from?.description)::date IS NULL OR ends_on >= \(from?.description)::date)
              AND (\(to?.description)::date IS NULL OR ends_on <= \(to?.description)::date)
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS LAST, 4 NULLS LAST
            """,
            logger: logger
        ).decode((String, Int, String?, String?, Int).self) {
            result.append(.init(courseCode: code, courseVersion: version, region: region.flatMap(PlanningRegion.init(rawValue:)),
                                position: position.flatMap(Position.init(rawValue:)), people: people))
        }
        return result
    }

    /// Training done elsewhere already recorded (and not corrected since) for these people, by what makes it
    /// the same training, for refusing it twice.
    func externalKeys(people: [UUID], on connection: PostgresConnection) async throws -> [String: UUID] {
        guard !people.isEmpty else { return [:] }
        var result: [String: UUID] = [:]
        for try await (id, person, provider, title, endsOn, evidence) in try await connection.query(
            """
            SELECT r.id, r.person_id, r.provider, r.title, r.ends_on::text, r.evidence_reference FROM training_records r
            WHERE r.source = 'external' AND r.person_id = ANY(\(people))
              AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)
            """,
            logger: logger
        ).decode((UUID, UUID, String?, String, String, String?).self) {
            result[ExternalTrainingDraft.key(person: person, provider: provider ?? "", title: title, endsOn: endsOn, evidence: evidence ?? "")] = id
        }
        return result
    }

    /// Each person's records that count and were completed — what certification reads — in one query.
    func countingCompletions(people: [UUID], on connection: PostgresConnection) async throws -> [UUID: [CountingCompletion]] {
        guard !people.isEmpty else { return [:] }
        var result: [UUID: [CountingCompletion]] = [:]
        for row in try await connection.rows(CountingCompletions.self, ids: people, logger: logger) {
            let (id, person, course, title, quarters, endsOn) = try row.decode((UUID, UUID, String?, String, Int, String).self)
            guard let day = CalendarDate(iso8601: endsOn) else { continue }
            result[person, default: []].append(.init(recordID: id, courseCode: course, title: title,
                                                     academicHours: HoursCredit(quarters: quarters), completedOn: day))
        }
        return result
    }

    enum CountingCompletions: ReadByIDs {
        static let name = "pilnveide:counting-completions-by-person"
        static func sql(comparing ids: String) -> String {
            """
            SELECT r.id, r.person_id, r.course_code, r.title, (r.academic_hours * 4)::int, r.ends_on::text
            FROM training_records r
            WHERE r.person_id \(ids) AND r.approved_at IS NOT NULL AND r.outcome = 'completed'
              AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)
            """
        }
    }

    /// People who completed, per group: for the pilot report.
    func completedCounts(groups: [UUID], on connection: PostgresConnection) async throws -> [UUID: Int] {
        guard !groups.isEmpty else { return [:] }
        var result: [UUID: Int] = [:]
        for try await (group, count) in try await connection.query(
            """
            SELECT group_id, count(DISTINCT person_id)::int FROM current_training_records
            WHERE group_id = ANY(\(groups)) AND outcome = 'completed' GROUP BY group_id
            """,
            logger: logger
        ).decode((UUID, Int).self) { result[group] = count }
        return result
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> (items: [TrainingRecord], total: Int) {
        var items: [TrainingRecord] = []
        var total = 0
        for try await row in rows {
            let columns = row.makeRandomAccess()
            total = try columns["total"].decode(Int.self)
            guard let startsOn = CalendarDate(iso8601: try columns["starts_on"].decode(String.self)),
                  let endsOn = CalendarDate(iso8601: try columns["ends_on"].decode(String.self)),
                  let source = TrainingRecord.Source(rawValue: try columns["source"].decode(String.self)),
                  let outcome = TrainingRecord.Outcome(rawValue: try columns["outcome"].decode(String.self))
            else { continue }
            items.append(TrainingRecord(
                id: try columns["id"].decode(UUID.self),
                personID: try columns["person_id"].decode(UUID.self),
                source: source,
                courseCode: try columns["course_code"].decode(String?.self),
                courseVersion: try columns["course_version"].decode(Int?.self),
                groupID: try columns["group_id"].decode(UUID?.self),
                groupCode: nil,
                provider: try columns["provider"].decode(String?.self),
                title: try columns["title"].decode(String.self),
                startsOn: startsOn, endsOn: endsOn,
                academicHours: HoursCredit(quarters: try columns["quarters"].decode(Int.self)),
                outcome: outcome,
                reasons: try columns["reasons"].decode([String].self),
                evidenceReference: try columns["evidence_reference"].decode(String?.self),
                organisationID: try columns["organisation_id"].decode(UUID?.self),
                region: try columns["region"].decode(String?.self).flatMap(PlanningRegion.init(rawValue:)),
                position: try columns["position"].decode(String?.self).flatMap(Position.init(rawValue:)),
                supersedes: try columns["supersedes"].decode(UUID?.self),
                correctionReason: try columns["correction_reason"].decode(String?.self),
                supersededBy: try columns["superseded_by"].decode(UUID?.self),
                recordedBy: try columns["recorded_by"].decode(String.self),
                recordedAccount: try columns["recorded_account"].decode(UUID?.self),
                recordedAt: try columns["recorded_at"].decode(Date.self),
                approvedBy: try columns["approved_by"].decode(String?.self),
                approvedAt: try columns["approved_at"].decode(Date?.self)
            ))
        }
        return (items, total)
    }
}
