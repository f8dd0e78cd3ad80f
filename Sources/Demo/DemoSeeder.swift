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

    /// Where each person works, as records copy it when they are made.
    struct Placement {
        let organisationID: UUID
        let region: String
        let position: String
    }

    let database: Database
    let store: DemoStore
    let audit: AuditTrail

    public init(database: Database) {
        self.database = database
        store = DemoStore(database: database)
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
        let existing = try await store.localServices(on: connection)
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
            try await refuseExisting(force: force, on: connection)
            var report = Report()
            let placements = try await store.insert(demo, passwordHash: passwordHash, by: actor, into: &report, on: connection)
            try await store.insert(history, placements: placements, by: actor, into: &report, on: connection)
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
