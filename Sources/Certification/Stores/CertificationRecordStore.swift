import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for the decisions and overrides the inspectorate records; rows are only ever added.
public struct CertificationRecordStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    func insertDecision(
        person: UUID, scheme: String, _ decision: CertificationDecision, by actor: String, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO certification_decisions (person_id, scheme_code, decided_on, passed, reference, recorded_by)
            VALUES (\(person), \(scheme), \(decision.date.description)::date, \(decision.passed), \(decision.reference), \(actor))
            """,
            logger: logger
        )
    }

    func insertOverride(
        person: UUID, scheme: String, _ override: StatusOverride, by actor: String, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO certification_overrides (person_id, scheme_code, kind, from_date, reason, certificate_number, recorded_by)
            VALUES (\(person), \(scheme), \(override.kind.rawValue), \(override.from.description)::date, \(override.reason),
                    \(override.certificateNumber), \(actor))
            """,
            logger: logger
        )
    }

    /// The commission's decisions and the officers' overrides of these people, by person and scheme, each in the
    /// order recorded — in one query, as both are read for every status computed.
    func decisionsAndOverrides(people: [UUID], on connection: PostgresConnection) async throws
        -> (decisions: [UUID: [String: [CertificationDecision]]], overrides: [UUID: [String: [StatusOverride]]]) {
        guard !people.isEmpty else { return ([:], [:]) }
        var decisions: [UUID: [String: [CertificationDecision]]] = [:]
        var overrides: [UUID: [String: [StatusOverride]]] = [:]
        for row in try await connection.rows(DecisionsAndOverrides.self, ids: people, logger: logger) {
            let (source, person, scheme, day, passed, text, kind, certificate) = try row.decode(
                (String, UUID, String, String, Bool?, String, String?, String?).self)
            guard let date = CalendarDate(iso8601: day) else { continue }
            if source == "decision", let passed {
                decisions[person, default: [:]][scheme, default: []].append(.init(date: date, passed: passed, reference: text))
            } else if let kind = kind.flatMap(StatusOverride.Kind.init(rawValue:)) {
                overrides[person, default: [:]][scheme, default: []].append(.init(kind: kind, from: date, reason: text, certificateNumber: certificate))
            }
        }
        return (decisions, overrides)
    }

    enum DecisionsAndOverrides: ReadByIDs {
        static let name = "pilnveide:decisions-and-overrides-by-person"
        static func sql(comparing ids: String) -> String {
            """
            SELECT source, person_id, scheme_code, day, passed, text, kind, certificate_number FROM (
                SELECT 'decision' AS source, person_id, scheme_code, decided_on::text AS day, passed, reference AS text, NULL::text AS kind,
                       NULL::text AS certificate_number, recorded_at, id::text AS id
                FROM certification_decisions WHERE person_id \(ids)
                UNION ALL
                SELECT 'override', person_id, scheme_code, from_date::text, NULL, reason, kind, certificate_number, recorded_at, id::text
                FROM certification_overrides WHERE person_id \(ids)
            ) AS recorded
            ORDER BY recorded_at, id
            """
        }
    }
}
