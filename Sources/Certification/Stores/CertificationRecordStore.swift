import Core
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
            INSERT INTO certification_overrides (person_id, scheme_code, kind, from_date, reason, recorded_by)
            VALUES (\(person), \(scheme), \(override.kind.rawValue), \(override.from.description)::date, \(override.reason), \(actor))
            """,
            logger: logger
        )
    }

    /// Decisions of these people, by person and scheme, in the order recorded, in one query.
    func decisions(people: [UUID], on connection: PostgresConnection) async throws -> [UUID: [String: [CertificationDecision]]] {
        guard !people.isEmpty else { return [:] }
        var result: [UUID: [String: [CertificationDecision]]] = [:]
        for try await (person, scheme, day, passed, reference) in try await connection.query(
            """
            SELECT person_id, scheme_code, decided_on::text, passed, reference FROM certification_decisions
            WHERE person_id = ANY(\(people)) ORDER BY recorded_at, id
            """,
            logger: logger
        ).decode((UUID, String, String, Bool, String).self) {
            guard let date = CalendarDate(iso8601: day) else { continue }
            result[person, default: [:]][scheme, default: []].append(.init(date: date, passed: passed, reference: reference))
        }
        return result
    }

    /// Overrides of these people, by person and scheme, in the order recorded, in one query.
    func overrides(people: [UUID], on connection: PostgresConnection) async throws -> [UUID: [String: [StatusOverride]]] {
        guard !people.isEmpty else { return [:] }
        var result: [UUID: [String: [StatusOverride]]] = [:]
        for try await (person, scheme, kind, day, reason) in try await connection.query(
            """
            SELECT person_id, scheme_code, kind, from_date::text, reason FROM certification_overrides
            WHERE person_id = ANY(\(people)) ORDER BY recorded_at, id
            """,
            logger: logger
        ).decode((UUID, String, String, String, String).self) {
            guard let date = CalendarDate(iso8601: day), let kind = StatusOverride.Kind(rawValue: kind) else { continue }
            result[person, default: [:]][scheme, default: []].append(.init(kind: kind, from: date, reason: reason))
        }
        return result
    }
}
