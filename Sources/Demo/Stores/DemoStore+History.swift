import Core
import Database
import Foundation
import PostgresNIO

/// Writes a `DemoHistory`, a statement per table as the directory is written.
extension DemoStore {
    /// Stands for "none" in a bound array of instants (arrays bind no NULLs); never a real instant here.
    static let none = Date(timeIntervalSince1970: 0)

    func insert(_ history: DemoHistory, placements: [UUID: DemoSeeder.Placement], by actor: Principal, into report: inout DemoSeeder.Report,
                on connection: PostgresConnection) async throws {
        let logger = database.logger
        let label = actor.auditLabel
        let groups = history.groups
        report.groups = try await connection.query(
            """
            INSERT INTO delivery_groups (id, code, course_version_id, kind, region, venue, online, capacity, minimum_participants,
                                         registration_opens_at, registration_closes_at, cancellation_deadline, pilot, status,
                                         cancelled_reason, created_by, created_at, updated_at)
            SELECT id, code, version, kind, region, NULLIF(venue, ''), online, capacity, minimum, opens, closes, closes, pilot, status,
                   NULLIF(reason, ''), \(label), opens - interval '14 days', opens
            FROM unnest(\(groups.map(\.id))::uuid[], \(groups.map(\.code))::text[], \(groups.map(\.course.versionID))::uuid[],
                        \(groups.map(\.kind.rawValue))::text[], \(groups.map(\.region.rawValue))::text[], \(groups.map { $0.venue ?? "" })::text[],
                        \(groups.map(\.online))::bool[], \(groups.map(\.capacity))::int[], \(groups.map(\.minimumParticipants))::int[],
                        \(groups.map(\.registrationOpensAt))::timestamptz[], \(groups.map(\.registrationClosesAt))::timestamptz[],
                        \(groups.map(\.pilot))::bool[], \(groups.map(\.status.rawValue))::text[], \(groups.map { $0.cancelledReason ?? "" })::text[])
                AS t(id, code, version, kind, region, venue, online, capacity, minimum, opens, closes, pilot, status, reason)
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let trainers = groups.flatMap { group in [(group.id, group.leadTrainer, "lead")] + (group.coTrainer.map { [(group.id, $0, "co")] } ?? []) }
        try await connection.query(
            """
            INSERT INTO group_trainers (group_id, person_id, role)
            SELECT * FROM unnest(\(trainers.map(\.0))::uuid[], \(trainers.map(\.1))::uuid[], \(trainers.map(\.2))::text[])
            """,
            logger: logger
        )
        let sessions = history.sessions
        report.sessions = try await connection.query(
            """
            INSERT INTO group_sessions (id, group_id, starts_at, ends_at, academic_hours, modules, cancelled_at, created_at, updated_at)
            SELECT t.id, group_id, starts_at, ends_at, hours, string_to_array(modules, '|'), NULLIF(cancelled, \(Self.none)), g.created_at, g.created_at
            FROM unnest(\(sessions.map(\.id))::uuid[], \(sessions.map(\.groupID))::uuid[], \(sessions.map(\.startsAt))::timestamptz[],
                        \(sessions.map(\.endsAt))::timestamptz[], \(sessions.map(\.academicHours))::int[],
                        \(sessions.map { $0.modules.joined(separator: "|") })::text[], \(sessions.map { $0.cancelledAt ?? Self.none })::timestamptz[])
                AS t(id, group_id, starts_at, ends_at, hours, modules, cancelled)
            JOIN delivery_groups g ON g.id = t.group_id
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let enrolments = history.enrolments
        report.enrolments = try await connection.query(
            """
            WITH added AS (
                INSERT INTO enrolments (id, group_id, person_id, status, queued_at, created_at, updated_at)
                SELECT id, group_id, person_id, status, queued, queued, queued
                FROM unnest(\(enrolments.map(\.id))::uuid[], \(enrolments.map(\.groupID))::uuid[], \(enrolments.map(\.personID))::uuid[],
                            \(enrolments.map(\.status.rawValue))::text[], \(enrolments.map(\.queuedAt))::timestamptz[])
                    AS t(id, group_id, person_id, status, queued)
                RETURNING id, status, queued_at
            )
            INSERT INTO enrolment_history (enrolment_id, status, changed_at, changed_by)
            SELECT id, status, queued_at, \(label) FROM added
            RETURNING enrolment_id
            """,
            logger: logger
        ).collect().count
        let marks = history.marks
        report.attendanceMarks = try await connection.query(
            """
            INSERT INTO session_attendance (session_id, person_id, status, minutes_attended, recorded_by, recorded_at,
                                            first_recorded_by, first_recorded_at)
            SELECT session_id, person_id, status, NULLIF(minutes, 0), \(label), recorded, \(label), recorded
            FROM unnest(\(marks.map(\.sessionID))::uuid[], \(marks.map(\.personID))::uuid[], \(marks.map(\.mark.status))::text[],
                        \(marks.map { $0.mark.minutes ?? 0 })::int[], \(marks.map(\.recordedAt))::timestamptz[])
                AS t(session_id, person_id, status, minutes, recorded)
            RETURNING session_id
            """,
            logger: logger
        ).collect().count
        let assessments = history.assessments
        try await connection.query(
            """
            INSERT INTO assessment_results (group_id, person_id, passed, recorded_by, recorded_at)
            SELECT group_id, person_id, passed, \(label), recorded
            FROM unnest(\(assessments.map(\.groupID))::uuid[], \(assessments.map(\.personID))::uuid[], \(assessments.map(\.passed))::bool[],
                        \(assessments.map(\.recordedAt))::timestamptz[]) AS t(group_id, person_id, passed, recorded)
            """,
            logger: logger
        )
        let records = history.records
        let placed = records.map { placements[$0.personID]! }
        // A reason never holds the unit separator, so it joins a record's reasons into one text per row.
        let separator = "\u{1F}"
        report.groupRecords = try await connection.query(
            """
            INSERT INTO training_records (id, person_id, source, course_version_id, course_code, course_version, group_id, title,
                                          starts_on, ends_on, academic_hours, outcome, reasons, organisation_id, region, position,
                                          recorded_by, recorded_at, approved_by, approved_at)
            SELECT id, person_id, 'group', version_id, code, version, group_id, title, starts_on, ends_on, quarters::numeric / 4, outcome,
                   CASE WHEN reasons = '' THEN '{}' ELSE string_to_array(reasons, \(separator)) END,
                   organisation, NULLIF(region, ''), NULLIF(position, ''), \(label), recorded, \(label), recorded
            FROM unnest(\(records.map(\.id))::uuid[], \(records.map(\.personID))::uuid[], \(records.map(\.course.versionID))::uuid[],
                        \(records.map(\.course.code))::text[], \(records.map(\.course.version))::int[], \(records.map(\.groupID))::uuid[],
                        \(records.map(\.course.title))::text[], \(records.map(\.startsOn.description))::date[],
                        \(records.map(\.endsOn.description))::date[], \(records.map(\.credited.quarters))::int[],
                        \(records.map(\.outcome.rawValue))::text[], \(records.map { $0.reasons.joined(separator: separator) })::text[],
                        \(placed.map(\.organisationID))::uuid[], \(placed.map(\.region))::text[],
                        \(placed.map(\.position))::text[], \(records.map(\.recordedAt))::timestamptz[])
                AS t(id, person_id, version_id, code, version, group_id, title, starts_on, ends_on, quarters, outcome, reasons,
                     organisation, region, position, recorded)
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let responses = history.responses
        report.feedbackResponses = try await connection.query(
            """
            INSERT INTO feedback_responses (id, group_id)
            SELECT * FROM unnest(\(responses.map(\.id))::uuid[], \(responses.map(\.groupID))::uuid[])
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let answers = responses.flatMap { response in response.answers.map { (response.id, $0) } }
        try await connection.query(
            """
            INSERT INTO feedback_answers (response_id, item, score, comment)
            SELECT response, item, NULLIF(score, 0), NULLIF(comment, '')
            FROM unnest(\(answers.map(\.0))::uuid[], \(answers.map(\.1.item))::text[], \(answers.map { $0.1.score ?? 0 })::int[],
                        \(answers.map { $0.1.comment ?? "" })::text[]) AS t(response, item, score, comment)
            """,
            logger: logger
        )
        let respondents = history.respondents
        try await connection.query(
            """
            INSERT INTO feedback_respondents (group_id, person_id)
            SELECT * FROM unnest(\(respondents.map(\.groupID))::uuid[], \(respondents.map(\.personID))::uuid[])
            """,
            logger: logger
        )
        let qualifications = history.qualifications
        report.trainerQualifications = try await connection.query(
            """
            INSERT INTO trainer_qualifications (id, person_id, course_code, from_version, status, granted_via, cohort_group_id, reason,
                                                granted_by, granted_at, signed_off_by, signed_off_group_id, signed_off_at)
            SELECT id, person_id, code, version,
                   CASE WHEN provisional THEN 'provisional' ELSE 'qualified' END,
                   CASE WHEN cohort IS NULL THEN 'direct' ELSE 'cohort' END, cohort,
                   CASE WHEN cohort IS NULL THEN 'Programmas autors; apmāca pasniedzējus' END,
                   \(label), granted, signed_off_by, signed_off_group, signed_off_at
            FROM unnest(\(qualifications.map(\.id))::uuid[], \(qualifications.map(\.personID))::uuid[],
                        \(qualifications.map(\.courseCode))::text[], \(qualifications.map(\.fromVersion))::int[],
                        \(qualifications.map { $0.cohortGroupID?.uuidString ?? "" })::text[],
                        \(qualifications.map(\.grantedAt))::timestamptz[],
                        \(qualifications.map { $0.signedOff?.by.uuidString ?? "" })::text[],
                        \(qualifications.map { $0.signedOff?.group.uuidString ?? "" })::text[],
                        \(qualifications.map { $0.signedOff?.at ?? Self.none })::timestamptz[], \(qualifications.map(\.provisional))::bool[])
                AS t(id, person_id, code, version, cohort_text, granted, signed_off_by_text, signed_off_group_text, signed_off_at_given,
                     provisional),
                LATERAL (SELECT NULLIF(cohort_text, '')::uuid AS cohort, NULLIF(signed_off_by_text, '')::uuid AS signed_off_by,
                                NULLIF(signed_off_group_text, '')::uuid AS signed_off_group,
                                NULLIF(signed_off_at_given, \(Self.none)) AS signed_off_at) AS n
            RETURNING id
            """,
            logger: logger
        ).collect().count
    }
}
