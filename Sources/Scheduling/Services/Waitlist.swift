import Core
import Database
import Directory
import Foundation
import Notices
import PostgresNIO

/// Moves waitlisted people up when places become free: a cancellation, or a higher capacity.
struct Waitlist: Sendable {
    let enrolments: EnrolmentStore
    let outbox: OutboxStore
    let directory: DirectoryService
    let notices: NoticeTemplates

    /// Books waitlisted people, first come first served, while places are free, and tells each in the
    /// outbox. The caller holds the group's lock.
    func promote(group: Group, capacity: Int, by actor: Principal, on connection: PostgresConnection) async throws {
        guard group.status.takesEnrolments else { return }
        let booked = try await enrolments.bookedCount(group: group.id, on: connection)
        let waiting = try await enrolments.firstWaitlisted(
            group: group.id, count: Capacity.promotions(booked: booked, capacity: capacity, waitlisted: Int.max), on: connection
        )
        guard !waiting.isEmpty else { return }
        let people = Dictionary(uniqueKeysWithValues: try await directory.findPeople(ids: waiting.map(\.person), on: connection).map { ($0.id, $0) })
        for (id, person) in waiting {
            try await enrolments.setEnrolmentStatus(id, to: .booked, by: actor.auditLabel, reason: "a place became free", on: connection)
            let notice = try notices.render("enrolment_promoted", group.noticeValues.merging(["name": people[person]?.givenName ?? ""]) { $1 })
            _ = try await outbox.enqueue(
                kind: "enrolment_promoted", group: group.id, person: person, subject: notice.subject, body: notice.text, html: notice.html,
                dedupeKey: "promoted:\(id)", on: connection
            )
        }
    }
}
