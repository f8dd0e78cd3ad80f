import Foundation
import Logging
import PostgresNIO

/// SQL for trainer qualifications.
public struct QualificationStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

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
}
