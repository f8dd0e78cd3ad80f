import Core
import Database
import Foundation

/// The notification outbox: the warning about groups below their minimum, and what waits to be sent.
public struct OutboxService: Sendable {
    let database: Database
    let groups: GroupService
    let store: OutboxStore

    public init(database: Database, groups: GroupService, store: OutboxStore) {
        self.database = database
        self.groups = groups
        self.store = store
    }

    /// Puts a warning in the outbox for each open or confirmed group that is below its minimum `daysBefore`
    /// days (or fewer) before its first session. Each group is warned once. Returns the warnings added.
    public func warnGroupsBelowMinimum(daysBefore: Int, now: Date = Date()) async throws -> Int {
        try await database.transaction { connection in
            let horizon = now.addingTimeInterval(TimeInterval(daysBefore * 86_400))
            let ids = try await groups.store.groupIDs(
                statuses: GroupStatus.takingEnrolments, firstSessionBetween: now, and: horizon, on: connection
            )
            var added = 0
            for group in try await groups.groups(ids: ids, on: connection) where group.booked < group.minimumParticipants {
                let notice = try groups.notices.render("group_below_minimum", group.noticeValues)
                if try await store.enqueue(
                    kind: "group_below_minimum", group: group.id, person: group.leadTrainerID, subject: notice.subject, body: notice.text,
                    html: notice.html, dedupeKey: "below-minimum:\(group.id)", on: connection
                ) { added += 1 }
            }
            return added
        }
    }

    /// How many messages wait to be delivered and how many failed for good.
    public func deliveryCounts() async throws -> (waiting: Int, failed: Int) {
        try await database.withConnection { connection in try await store.deliveryCounts(on: connection) }
    }

    public func outbox(unsentOnly: Bool = true) async throws -> [OutboxMessage] {
        try await database.withConnection { connection in
            try await store.outbox(unsentOnly: unsentOnly, on: connection)
        }
    }

    /// Marks messages delivered, as a sender does once it has sent them; returns those that were waiting.
    public func markSent(_ ids: [Int64]) async throws -> [Int64] {
        try await database.transaction { connection in try await store.markSent(ids, on: connection) }
    }
}
