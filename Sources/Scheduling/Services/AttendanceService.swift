import Core
import Curriculum
import Database
import Foundation
import Logging
import PostgresNIO

/// Who was present at each session of a group, recorded by its trainers, and what that adds up to.
public struct AttendanceService: Sendable {
    let database: Database
    let groups: GroupService
    let store: AttendanceStore
    let enrolments: EnrolmentStore
    let audit: AuditTrail

    public init(database: Database, groups: GroupService, store: AttendanceStore, enrolments: EnrolmentStore, audit: AuditTrail) {
        self.database = database
        self.groups = groups
        self.store = store
        self.enrolments = enrolments
        self.audit = audit
    }

    /// Records who was present at a session that has begun. Only booked participants are recorded.
    public func recordAttendance(
        of groupID: UUID, session sessionID: UUID, _ entries: [(person: UUID, present: Bool)], by actor: Principal, now: Date = Date()
    ) async throws -> [AttendanceSummary] {
        try await database.transaction { connection in
            let group = try await groups.lockedGroup(groupID, by: actor, toDo: "record attendance", on: connection)
            guard Set(entries.map(\.person)).count == entries.count else {
                throw ServiceError.validation([FieldProblem("entries", "name each person once")])
            }
            guard group.status.recordsAttendance else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its attendance can no longer change")
            }
            guard let session = group.liveSessions.first(where: { $0.id == sessionID }) else {
                throw ServiceError.notFound("the group has no live session \(sessionID)")
            }
            guard session.startsAt <= now else {
                throw ServiceError.conflict("the session has not begun; attendance is recorded from \(RigaTime.localText(session.startsAt))")
            }
            let booked = Set(try await enrolments.bookedPeople(group: groupID, on: connection))
            let strangers = entries.filter { !booked.contains($0.person) }
            guard strangers.isEmpty else {
                throw ServiceError.validation([FieldProblem("entries", "\(strangers.count) of the people are not booked into the group")])
            }
            try await store.recordAttendance(session: sessionID, entries: entries, by: actor.auditLabel, on: connection)
            try await audit.record("attendance.recorded", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["session": sessionID.uuidString, "entries": "\(entries.count)"], on: connection)
        }
        return try await attendance(of: groupID, by: actor)
    }

    public func attendance(of groupID: UUID, by actor: Principal) async throws -> [AttendanceSummary] {
        try await database.withConnection { connection in
            let group = try await groups.managedGroup(groupID, by: actor, toDo: "see its attendance", on: connection)
            return try await summaries(group: group, on: connection)
        }
    }

    /// Each booked participant's attended hours and whether they meet the course's rule.
    func summaries(group: Group, on connection: PostgresConnection) async throws -> [AttendanceSummary] {
        let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let hours = try await store.attendedHours(group: group.id, on: connection)
        var sessions: [UUID: [UUID: Bool]] = [:]
        for record in try await store.attendance(group: group.id, on: connection) {
            sessions[record.person, default: [:]][record.session] = record.present
        }
        return try await enrolments.bookedPeople(group: group.id, on: connection).map { person in
            AttendanceSummary(personID: person, attendedHours: hours[person] ?? 0,
                              meetsRule: AttendanceRule.meets(attendedHours: hours[person] ?? 0, of: course),
                              sessions: sessions[person] ?? [:])
        }
    }
}
