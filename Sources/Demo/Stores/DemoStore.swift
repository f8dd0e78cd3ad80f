import Core
import Database
import Foundation
import PostgresNIO

/// The demo's SQL: a statement per table, arrays bound as parameters and unnested, so national scale loads in
/// seconds rather than one round trip per row. `DemoSeeder` decides what is written and in which transaction.
struct DemoStore: Sendable {
    let database: Database

    /// How many orphan's courts and social services the directory holds.
    func localServices(on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "SELECT count(*)::int FROM organisations WHERE kind IN ('orphans_court', 'social_service')", logger: database.logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    /// Writes the directory (organisations, people, accounts and roles, training done elsewhere), counting into
    /// `report`; returns where each person works, as the history's records copy it.
    func insert(
        _ demo: DemoDirectory, passwordHash: String, by actor: Principal, into report: inout DemoSeeder.Report, on connection: PostgresConnection
    ) async throws -> [UUID: DemoSeeder.Placement] {
        let logger = database.logger
        let organisations = demo.organisations
        report.organisations = try await connection.query(
            """
            INSERT INTO organisations (id, kind, name, municipality, region)
            SELECT id, kind, name, NULLIF(municipality, ''), NULLIF(region, '')
            FROM unnest(\(organisations.map(\.id))::uuid[], \(organisations.map(\.kind.rawValue))::text[], \(organisations.map(\.name))::text[],
                        \(organisations.map { $0.municipality ?? "" })::text[], \(organisations.map { $0.region?.rawValue ?? "" })::text[])
                AS t(id, kind, name, municipality, region)
            ON CONFLICT ((lower(name))) DO NOTHING
            RETURNING id
            """,
            logger: logger
        ).collect().count
        // With --force, an organisation that exists already (by name) is used as it is.
        var actualID: [UUID: UUID] = [:]
        for try await row in try await connection.query(
            """
            SELECT t.id, o.id FROM unnest(\(organisations.map(\.id))::uuid[], \(organisations.map(\.name))::text[]) AS t(id, name)
            JOIN organisations o ON lower(o.name) = lower(t.name)
            """,
            logger: logger
        ) {
            let (generated, actual) = try row.decode((UUID, UUID).self)
            actualID[generated] = actual
        }
        let people = demo.people
        let place = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
        report.people = try await connection.query(
            """
            INSERT INTO people (id, given_name, family_name, personal_code, email, position, organisation_id, position_started_on)
            SELECT * FROM unnest(\(people.map(\.id))::uuid[], \(people.map(\.givenName))::text[], \(people.map(\.familyName))::text[],
                                 \(people.map(\.personalCode))::text[], \(people.map(\.email))::text[], \(people.map(\.position.rawValue))::text[],
                                 \(people.map { actualID[$0.organisationID] ?? $0.organisationID })::uuid[],
                                 \(people.map(\.positionStartedOn.description))::date[])
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let accounts = people.map(\.accountID)
        report.accounts = try await connection.query(
            """
            INSERT INTO accounts (id, person_id, email, password_hash)
            SELECT account, person, email, \(passwordHash)
            FROM unnest(\(accounts)::uuid[], \(people.map(\.id))::uuid[], \(people.map(\.email))::text[]) AS t(account, person, email)
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let grants = zip(accounts, people).flatMap { account, person in person.roles.map { (account, $0.rawValue) } }
        try await connection.query(
            "INSERT INTO account_roles (account_id, role) SELECT * FROM unnest(\(grants.map(\.0))::uuid[], \(grants.map(\.1))::text[])",
            logger: logger
        )
        let holder = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        let records = demo.records
        // The person's post when the record was made, as the services write it.
        let organisation = records.map { actualID[holder[$0.personID]!.organisationID] ?? holder[$0.personID]!.organisationID }
        let region = records.map { place[holder[$0.personID]!.organisationID]?.region?.rawValue ?? "" }
        report.trainingRecords = try await connection.query(
            """
            INSERT INTO training_records (id, person_id, source, provider, title, starts_on, ends_on, academic_hours, outcome,
                                          evidence_reference, organisation_id, region, position, recorded_by, recorded_at,
                                          approved_by, approved_at)
            SELECT id, person, 'external', provider, title, starts_on, ends_on, hours, 'completed', evidence, organisation,
                   NULLIF(region, ''), position, \(actor.auditLabel), LEAST(ends_on + 1, now()),
                   CASE WHEN approved THEN \(actor.auditLabel) END, CASE WHEN approved THEN LEAST(ends_on + 7, now()) END
            FROM unnest(\(records.map(\.id))::uuid[], \(records.map(\.personID))::uuid[], \(records.map(\.provider))::text[],
                        \(records.map(\.title))::text[], \(records.map(\.startsOn.description))::date[], \(records.map(\.endsOn.description))::date[],
                        \(records.map(\.academicHours))::float8[], \(records.map(\.evidenceReference))::text[], \(organisation)::uuid[],
                        \(region)::text[], \(records.map { holder[$0.personID]!.position.rawValue })::text[], \(records.map(\.approved))::bool[])
                AS t(id, person, provider, title, starts_on, ends_on, hours, evidence, organisation, region, position, approved)
            RETURNING id
            """,
            logger: logger
        ).collect().count
        let placements = Dictionary(uniqueKeysWithValues: people.map { person in
            (person.id, DemoSeeder.Placement(organisationID: actualID[person.organisationID] ?? person.organisationID,
                                  region: place[person.organisationID]?.region?.rawValue ?? "", position: person.position.rawValue))
        })
        return placements
    }

    /// Everyone the daily pass saved a status for who has a personal code, with that status: whom the demo's
    /// certificates are for.
    func holders(on connection: PostgresConnection) async throws -> [(person: UUID, personalCode: String, scheme: String, state: String, validUntil: String?)] {
        var holders: [(person: UUID, personalCode: String, scheme: String, state: String, validUntil: String?)] = []
        for try await (person, code, scheme, state, until) in try await connection.query(
            """
            SELECT s.person_id, p.personal_code, s.scheme_code, s.state, s.valid_until::text
            FROM certification_status_snapshots s JOIN people p ON p.id = s.person_id
            WHERE p.personal_code IS NOT NULL
            ORDER BY s.scheme_code, s.person_id
            """,
            logger: database.logger
        ).decode((UUID, String, String, String, String?).self) {
            holders.append((person, code, scheme, state, until))
        }
        return holders
    }
}
