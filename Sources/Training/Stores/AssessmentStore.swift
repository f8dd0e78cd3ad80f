import Foundation
import Logging
import PostgresNIO

/// SQL for participants' assessment results in a group.
public struct AssessmentStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Records results; recording a person again replaces theirs (the audit trail keeps each recording).
    func record(group: UUID, _ results: [AssessmentResult], by actor: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO assessment_results (group_id, person_id, passed, note, recorded_by)
            SELECT \(group), person, passed, NULLIF(note, ''), \(actor)
            FROM unnest(\(results.map(\.personID))::uuid[], \(results.map(\.passed))::boolean[], \(results.map { $0.note ?? "" })::text[])
                AS t(person, passed, note)
            ON CONFLICT (group_id, person_id) DO UPDATE
            SET passed = EXCLUDED.passed, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            """,
            logger: logger
        )
    }

    func results(group: UUID, on connection: PostgresConnection) async throws -> [UUID: AssessmentResult] {
        var result: [UUID: AssessmentResult] = [:]
        for try await (person, passed, note) in try await connection.query(
            "SELECT person_id, passed, note FROM assessment_results WHERE group_id = \(group)", logger: logger
        ).decode((UUID, Bool, String?).self) {
            result[person] = AssessmentResult(personID: person, passed: passed, note: note)
        }
        return result
    }
}
