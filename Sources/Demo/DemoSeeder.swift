import Core
import Database
import Foundation
import PostgresNIO

/// Writes a `DemoDirectory` into the database in one transaction, a statement per table (arrays bound as
/// parameters and unnested), so national scale loads in seconds rather than one round trip per row.
public struct DemoSeeder: Sendable {
    public struct Report: Sendable, Equatable {
        public var organisations = 0
        public var people = 0
        public var accounts = 0
        public var trainingRecords = 0
        public var groups = 0
        public var sessions = 0
        public var enrolments = 0
        public var attendanceMarks = 0
        public var groupRecords = 0
        public var feedbackResponses = 0
        public var trainerQualifications = 0
    }

    let database: Database
    let audit: AuditTrail

    public init(database: Database) {
        self.database = database
        audit = AuditTrail(logger: database.logger)
    }

    /// Refuses a database that has orphan's courts or social services already unless `force`: demo people
    /// must never be mixed into a real directory by accident. Every demo account signs in with
    /// `passwordHash`'s password (hashed once: hashing thousands would take minutes and prove nothing).
    public func seed(
        _ demo: DemoDirectory, history: DemoHistory = .init(), passwordHash: String, force: Bool, by actor: Principal
    ) async throws -> Report {
        do {
            return try await insert(demo, history: history, passwordHash: passwordHash, force: force, by: actor)
        } catch let error where error.violatedUniqueConstraint != nil {
            throw ServiceError.conflict("this seed's demo people are loaded already (\(error.violatedUniqueConstraint!)); nothing was added")
        }
    }

    /// Refuses, before anything is changed (the command approves draft course versions first), a database that
    /// has orphan's courts or social services already, unless `force`. The seed checks again in its transaction.
    public func requireEmpty(force: Bool) async throws {
        guard !force else { return }
        try await database.withConnection { connection in try await refuseExisting(force: false, on: connection) }
    }

    private func refuseExisting(force: Bool, on connection: PostgresConnection) async throws {
        let existing = try await connection.query(
            "SELECT count(*)::int FROM organisations WHERE kind IN ('orphans_court', 'social_service')", logger: database.logger
        ).collect().first?.decode(Int.self) ?? 0
        if existing > 0, !force {
            throw ServiceError.conflict(
                "the database already holds a directory (\(existing) orphan's courts and social services); seed an empty database, or pass --force"
            )
        }
    }

    private func insert(
        _ demo: DemoDirectory, history: DemoHistory, passwordHash: String, force: Bool, by actor: Principal
    ) async throws -> Report {
        try await database.transaction { connection in
            let logger = database.logger
            try await refuseExisting(force: force, on: connection)
            var report = Report()
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
                (person.id, Placement(organisationID: actualID[person.organisationID] ?? person.organisationID,
                                      region: place[person.organisationID]?.region?.rawValue ?? "", position: person.position.rawValue))
            })
            try await insert(history, placements: placements, by: actor, into: &report, on: connection)
            try await audit.record(
                "demo.seeded", subjectType: "database", subjectID: "demo", by: actor,
                details: ["organisations": "\(report.organisations)", "people": "\(report.people)", "trainingRecords": "\(report.trainingRecords)",
                          "groups": "\(report.groups)", "groupRecords": "\(report.groupRecords)"],
                on: connection
            )
            return report
        }
    }
}
