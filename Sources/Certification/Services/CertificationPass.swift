import Core
import Database
import Directory
import Foundation
import Logging
import Notices
import PostgresNIO

/// The daily pass: everyone a scheme in force applies to, a batch at a time — their statuses saved for the
/// national view, and each due reminder put in the outbox once per person, scheme and cycle, also when two
/// passes run at once (the outbox's key refuses the second). Meant to run daily (`pilnveide certification
/// remind`, e.g. from cron).
public struct CertificationPass: Sendable {
    let database: Database
    let certification: CertificationService
    let outbox: OutboxStore
    let snapshots: StatusSnapshotStore
    let notices: NoticeTemplates
    let batchSize: Int

    public init(
        database: Database, certification: CertificationService, outbox: OutboxStore, snapshots: StatusSnapshotStore, notices: NoticeTemplates,
        batchSize: Int = 500
    ) {
        self.database = database
        self.notices = notices
        self.certification = certification
        self.outbox = outbox
        self.snapshots = snapshots
        self.batchSize = batchSize
    }

    public struct Result: Sendable, Equatable {
        /// People whose statuses were computed and saved.
        public var people = 0
        public var remindersAdded = 0
    }

    public func run(on day: CalendarDate = .today()) async throws -> Result {
        let people = try await database.withConnection { connection in
            let positions = Set(CertificationService.inForce(try await certification.schemes.versions(on: connection).map(\.scheme), on: day)
                .flatMap(\.appliesTo.positions))
            return try await certification.directory.personIDs(positions: Array(positions), on: connection)
        }
        var result = Result()
        for start in stride(from: 0, to: people.count, by: batchSize) {
            let batch = Array(people[start..<min(start + batchSize, people.count)])
            result.remindersAdded += try await database.transaction { connection in
                var added = 0
                let statuses = try await certification.saveStatuses(of: batch, on: day, connection: connection)
                let due = statuses.flatMap { person in
                    person.statuses.compactMap { status in CertificationReminder.due(status, on: day).map { (person.personID, status, $0) } }
                }
                guard !due.isEmpty else { return 0 }
                let names = try await certification.directory.findPeople(ids: Array(Set(due.map(\.0))), on: connection)
                    .reduce(into: [UUID: String]()) { $0[$1.id] = $1.givenName }
                for (person, status, reminder) in due {
                    let notice = try notices.render("certification_reminder", reminder.noticeValues(status, name: names[person] ?? ""))
                    if try await outbox.enqueue(
                        kind: "certification_\(reminder.kind.rawValue)", person: person, subject: notice.subject, body: notice.text,
                        html: notice.html, dedupeKey: reminder.key(person: person, scheme: status.schemeCode), on: connection
                    ) { added += 1 }
                }
                return added
            }
            result.people += batch.count
        }
        // Someone who moved out of every covered position, or whose scheme ended, leaves the national view.
        try await database.transaction { connection in try await snapshots.removeStale(before: day, connection: connection) }
        return result
    }
}
