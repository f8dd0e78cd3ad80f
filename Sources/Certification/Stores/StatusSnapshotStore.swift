import Core
import Foundation
import Logging
import PostgresNIO

/// SQL for the statuses the daily pass computed: written in batches, read with filters and paging.
public struct StatusSnapshotStore: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    struct Row {
        let personID: UUID
        let status: CertificationStatus
        let organisationID: UUID?
        let region: PlanningRegion?
        let position: Position
    }

    /// Replaces these people's snapshots with what was computed on `day` (schemes no longer applying go).
    /// Optional values travel as empty text (arrays of optionals do not encode) and are stored as NULL.
    /// Waits for any other transaction saving snapshots; held until this one ends (taking it again is free).
    func takeTurn(on connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('certification-status-snapshots'))", logger: logger)
    }

    func replace(people: [UUID], with rows: [Row], on day: CalendarDate, connection: PostgresConnection) async throws {
        guard !people.isEmpty else { return }
        // Two passes at once take turns per batch: each replaces whole batches, never half of another's.
        try await takeTurn(on: connection)
        try await connection.query("DELETE FROM certification_status_snapshots WHERE person_id = ANY(\(people))", logger: logger)
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO certification_status_snapshots (person_id, scheme_code, scheme_version, state, valid_until, deadline, next_change,
                                                        organisation_id, region, position, computed_on)
            SELECT person, scheme, version, state, NULLIF(valid_until, '')::date, NULLIF(deadline, '')::date, NULLIF(next_change, '')::date,
                   NULLIF(organisation, '')::uuid, NULLIF(region, ''), position, \(day.description)::date
            FROM unnest(\(rows.map(\.personID))::uuid[], \(rows.map(\.status.schemeCode))::text[], \(rows.map(\.status.schemeVersion))::int[],
                        \(rows.map(\.status.state.rawValue))::text[], \(rows.map { $0.status.validUntil?.description ?? "" })::text[],
                        \(rows.map { $0.status.deadline?.description ?? "" })::text[], \(rows.map { $0.status.nextChange?.description ?? "" })::text[],
                        \(rows.map { $0.organisationID?.uuidString ?? "" })::text[], \(rows.map { $0.region?.rawValue ?? "" })::text[], \(rows.map(\.position.rawValue))::text[])
                AS t(person, scheme, version, state, valid_until, deadline, next_change, organisation, region, position)
            """,
            logger: logger
        )
    }

    /// Removes what an earlier pass saved and this one did not.
    func removeStale(before day: CalendarDate, connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('certification-status-snapshots'))", logger: logger)
        try await connection.query(
            "DELETE FROM certification_status_snapshots WHERE computed_on < \(day.description)::date", logger: logger
        )
    }

    /// Counts by scheme and state, and by region and position or by court.
    func counts(scheme: String?, by grouping: NationalCount.Grouping, on connection: PostgresConnection) async throws -> [NationalCount] {
        let byCourt = grouping == .court
        var result: [NationalCount] = []
        // The grouping columns not asked for are NULL, so one statement serves both.
        for try await (code, region, position, organisation, state, count) in try await connection.query(
            """
            SELECT scheme_code, region, CASE WHEN \(byCourt) THEN NULL ELSE position END,
                   CASE WHEN \(byCourt) THEN organisation_id END, state, count(*)::int
            FROM certification_status_snapshots
            WHERE (\(scheme)::text IS NULL OR scheme_code = \(scheme))
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2 NULLS LAST, 3, 4, 5
            """,
            logger: logger
        ).decode((String, String?, String?, UUID?, String, Int).self) {
            guard let state = CertificationStatus.State(rawValue: state) else { continue }
            result.append(.init(schemeCode: code, region: region.flatMap(PlanningRegion.init(rawValue:)),
                                position: position.flatMap(Position.init(rawValue:)), organisationID: organisation, state: state, people: count))
        }
        return result
    }

    /// One page of people matching the filter, soonest deadline first.
    func people(_ filter: NationalFilter, page: PageRequest, on connection: PostgresConnection) async throws -> (items: [NationalEntry], total: Int) {
        let states = filter.list?.states.map(\.rawValue)
        let dueBy = filter.list == .due ? filter.on.adding(days: filter.dueWithinDays).description : nil
        var items: [NationalEntry] = []
        var total = 0
        for try await (person, code, version, state, validUntil, deadline, organisation, region, position, computed, count) in try await connection.query(
            """
            SELECT person_id, scheme_code, scheme_version, state, valid_until::text, deadline::text, organisation_id, region, position,
                   computed_on::text, count(*) OVER ()
            FROM certification_status_snapshots
            WHERE (\(filter.schemeCode)::text IS NULL OR scheme_code = \(filter.schemeCode))
              AND (\(filter.region?.rawValue)::text IS NULL OR region = \(filter.region?.rawValue))
              AND (\(filter.organisationID)::uuid IS NULL OR organisation_id = \(filter.organisationID))
              AND (\(filter.position?.rawValue)::text IS NULL OR position = \(filter.position?.rawValue))
              AND (\(states)::text[] IS NULL OR state = ANY(\(states)))
              AND (\(dueBy)::date IS NULL OR deadline <= \(dueBy)::date)
              AND (NOT \(filter.list == .neverStarted) OR valid_until IS NULL)
            ORDER BY deadline NULLS LAST, person_id, scheme_code LIMIT \(page.limit) OFFSET \(page.offset)
            """,
            logger: logger
        ).decode((UUID, String, Int, String, String?, String?, UUID?, String?, String, String, Int).self) {
            guard let state = CertificationStatus.State(rawValue: state), let computedOn = CalendarDate(iso8601: computed) else { continue }
            items.append(.init(personID: person, schemeCode: code, schemeVersion: version, state: state,
                               validUntil: validUntil.flatMap(CalendarDate.init(iso8601:)), deadline: deadline.flatMap(CalendarDate.init(iso8601:)),
                               organisationID: organisation, region: region.flatMap(PlanningRegion.init(rawValue:)),
                               position: Position(rawValue: position), computedOn: computedOn))
            total = count
        }
        return (items, total)
    }
}
