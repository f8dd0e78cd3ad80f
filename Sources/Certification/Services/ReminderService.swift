import Core
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// The reminder pass: everyone a scheme in force applies to, a batch at a time, each due reminder into the
/// outbox once per person, scheme and cycle — also when two passes run at once (the outbox's key refuses the
/// second). Meant to run daily (`pilnveide certification remind`, e.g. from cron).
public struct ReminderService: Sendable {
    let database: Database
    let certification: CertificationService
    let outbox: OutboxStore
    let batchSize: Int

    public init(database: Database, certification: CertificationService, outbox: OutboxStore, batchSize: Int = 500) {
        self.database = database
        self.certification = certification
        self.outbox = outbox
        self.batchSize = batchSize
    }

    /// Returns how many reminders were added.
    public func run(on day: CalendarDate = .today()) async throws -> Int {
        let people = try await database.withConnection { connection in
            let positions = Set(CertificationService.inForce(try await certification.schemes.versions(on: connection).map(\.scheme), on: day)
                .flatMap(\.appliesTo.positions))
            return try await certification.directory.personIDs(positions: Array(positions), on: connection)
        }
        var added = 0
        for start in stride(from: 0, to: people.count, by: batchSize) {
            let batch = Array(people[start..<min(start + batchSize, people.count)])
            added += try await database.transaction { connection in
                var added = 0
                for person in try await certification.statuses(of: batch, on: day, connection: connection) {
                    for status in person.statuses {
                        guard let reminder = CertificationReminder.due(status, on: day) else { continue }
                        if try await outbox.enqueue(
                            kind: "certification_\(reminder.kind.rawValue)", person: person.personID, subject: reminder.subject,
                            body: reminder.body, dedupeKey: reminder.key(person: person.personID, scheme: status.schemeCode), on: connection
                        ) { added += 1 }
                    }
                }
                return added
            }
        }
        return added
    }
}
