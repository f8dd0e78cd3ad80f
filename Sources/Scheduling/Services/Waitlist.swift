import Core
import Database
import Foundation
import PostgresNIO

/// Moves waitlisted people up when places become free: a cancellation, or a higher capacity.
struct Waitlist: Sendable {
    let enrolments: EnrolmentStore
    let outbox: OutboxStore

    /// Books waitlisted people, first come first served, while places are free, and tells each in the
    /// outbox. The caller holds the group's lock.
    func promote(group: Group, capacity: Int, by actor: Principal, on connection: PostgresConnection) async throws {
        guard group.status.takesEnrolments else { return }
        let booked = try await enrolments.bookedCount(group: group.id, on: connection)
        let waiting = try await enrolments.firstWaitlisted(
            group: group.id, count: Capacity.promotions(booked: booked, capacity: capacity, waitlisted: Int.max), on: connection
        )
        for (id, person) in waiting {
            try await enrolments.setEnrolmentStatus(id, to: .booked, by: actor.auditLabel, reason: "a place became free", on: connection)
            let first = group.firstSessionStartsAt
            _ = try await outbox.enqueue(
                kind: "enrolment_promoted", group: group.id, person: person,
                subject: "Jums ir vieta grupā \(group.code) / You have a place in group \(group.code)",
                body: """
                    Atbrīvojās vieta, un jūsu pieteikums grupai \(group.code) tagad ir apstiprināts. Pirmā nodarbība: \(first.map { DateText.time($0, in: .lv) } ?? "—").

                    A place became free and your enrolment in group \(group.code) is now booked. The first session: \(first.map { DateText.time($0, in: .en) } ?? "—").
                    """,
                dedupeKey: "promoted:\(id)", on: connection
            )
        }
    }
}
