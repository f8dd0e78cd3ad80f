import Core
import Database
import Foundation
import Logging
import PostgresNIO

/// SQL for the decisions and overrides the inspectorate records, and the certificates withdrawn in error that
/// statuses mention; rows are only ever added.
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

    func insertNote(
        person: UUID, scheme: String, event: String, certificate: String, on day: CalendarDate, detail: String, by actor: String,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO certification_certificate_notes (person_id, scheme_code, event, certificate_number, on_date, detail, recorded_by)
            VALUES (\(person), \(scheme), \(event), \(certificate), \(day.description)::date, \(detail), \(actor))
            """,
            logger: logger
        )
    }

    /// A replacement note for each certificate of the person under the scheme withdrawn in error and not yet replaced.
    func insertReplacementNotes(
        person: UUID, scheme: String, replacement: String, on day: CalendarDate, by actor: String, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO certification_certificate_notes (person_id, scheme_code, event, certificate_number, on_date, detail, recorded_by)
            SELECT person_id, scheme_code, 'replaced', certificate_number, \(day.description)::date, \(replacement), \(actor)
            FROM certification_certificate_notes w
            WHERE w.person_id = \(person) AND w.scheme_code = \(scheme) AND w.event = 'withdrawn_in_error'
              AND NOT EXISTS (SELECT 1 FROM certification_certificate_notes r WHERE r.person_id = w.person_id AND r.scheme_code = w.scheme_code
                              AND r.event = 'replaced' AND r.certificate_number = w.certificate_number)
            """,
            logger: logger
        )
    }

    /// The commission's decisions, the officers' overrides and the certificates withdrawn in error of these people,
    /// by person and scheme, each in the order recorded — in one query, as all are read for every status computed.
    func decisionsAndOverrides(people: [UUID], on connection: PostgresConnection) async throws -> (
        decisions: [UUID: [String: [CertificationDecision]]], overrides: [UUID: [String: [StatusOverride]]],
        withdrawn: [UUID: [String: [WithdrawnCertificate]]]
    ) {
        guard !people.isEmpty else { return ([:], [:], [:]) }
        var decisions: [UUID: [String: [CertificationDecision]]] = [:]
        var overrides: [UUID: [String: [StatusOverride]]] = [:]
        var withdrawn: [UUID: [String: [WithdrawnCertificate]]] = [:]
        for row in try await connection.rows(DecisionsAndOverrides.self, ids: people, logger: logger) {
            let (source, person, scheme, day, passed, text, kind, certificate, recordedAt) = try row.decode(
                (String, UUID, String, String, Bool?, String, String?, String?, Date).self)
            guard let date = CalendarDate(iso8601: day) else { continue }
            switch source {
            case "decision":
                guard let passed else { continue }
                decisions[person, default: [:]][scheme, default: []].append(.init(date: date, passed: passed, reference: text, recordedAt: recordedAt))
            case "override":
                guard let kind = kind.flatMap(StatusOverride.Kind.init(rawValue:)) else { continue }
                overrides[person, default: [:]][scheme, default: []].append(.init(kind: kind, from: date, reason: text, certificateNumber: certificate,
                                                                                     recordedAt: recordedAt))
            default:
                guard let certificate else { continue }
                if kind == "withdrawn_in_error" {
                    withdrawn[person, default: [:]][scheme, default: []].append(.init(number: certificate, withdrawnOn: date, reason: text))
                } else if let index = withdrawn[person]?[scheme]?.firstIndex(where: { $0.number == certificate }) {
                    withdrawn[person]![scheme]![index].replacedBy = text
                }
            }
        }
        return (decisions, overrides, withdrawn)
    }

    enum DecisionsAndOverrides: ReadByIDs {
        static let name = "pilnveide:decisions-and-overrides-by-person"
        static func sql(comparing ids: String) -> String {
            """
            SELECT source, person_id, scheme_code, day, passed, text, kind, certificate_number, recorded_at FROM (
                SELECT 'decision' AS source, person_id, scheme_code, decided_on::text AS day, passed, reference AS text, NULL::text AS kind,
                       NULL::text AS certificate_number, recorded_at, id::text AS id
                FROM certification_decisions WHERE person_id \(ids)
                UNION ALL
                SELECT 'override', person_id, scheme_code, from_date::text, NULL, reason, kind, certificate_number, recorded_at, id::text
                FROM certification_overrides WHERE person_id \(ids)
                UNION ALL
                SELECT 'certificate', person_id, scheme_code, on_date::text, NULL, detail, event, certificate_number, recorded_at, id::text
                FROM certification_certificate_notes WHERE person_id \(ids)
            ) AS recorded
            ORDER BY recorded_at, id
            """
        }
    }
}
