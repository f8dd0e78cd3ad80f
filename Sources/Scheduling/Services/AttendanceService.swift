import Core
import Curriculum
import Database
import Foundation
import Logging
import PostgresNIO

/// Marking who attended each session — one person or the whole sheet — with every later change kept, and
/// what the markings credit.
public struct AttendanceService: Sendable {
    let database: Database
    let groups: GroupService
    let store: AttendanceStore
    let enrolments: EnrolmentStore
    let audit: AuditTrail
    let policy: AttendancePolicy

    public init(
        database: Database, groups: GroupService, store: AttendanceStore, enrolments: EnrolmentStore, audit: AuditTrail,
        policy: AttendancePolicy = AttendancePolicy()
    ) {
        self.database = database
        self.groups = groups
        self.store = store
        self.enrolments = enrolments
        self.audit = audit
        self.policy = policy
    }

    /// Marks booked participants at one session. Marking opens `policy.opensBeforeStart` before the session and
    /// stays open until the group is closed. Sending a marking that is already there changes nothing; changing
    /// one needs a reason (the entry's, or `reason` for the sheet) and is kept in the history.
    public func mark(
        group groupID: UUID, session sessionID: UUID, _ entries: [AttendanceEntry], reason sheetReason: String? = nil,
        by actor: Principal, now: Date = Date()
    ) async throws -> [AttendanceSummary] {
        var validation = Validation()
        let sheetReason = validation.optionalText(sheetReason, "reason", maxLength: 1000)
        if entries.isEmpty { validation.add("entries", "list at least one person") }
        if Set(entries.map(\.personID)).count != entries.count { validation.add("entries", "name each person once") }
        let reasons = entries.enumerated().map { index, entry in
            validation.optionalText(entry.reason, "entries[\(index)].reason", maxLength: 1000)
        }
        try validation.check()
        try await database.transaction { connection in
            let group = try await groups.lockedGroup(groupID, by: actor, toDo: "mark attendance", on: connection)
            guard group.status.recordsAttendance else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its attendance can no longer change")
            }
            guard let session = group.liveSessions.first(where: { $0.id == sessionID }) else {
                throw ServiceError.notFound("the group has no live session \(sessionID)")
            }
            let opens = session.startsAt.addingTimeInterval(-TimeInterval(policy.opensBeforeStart.components.seconds))
            guard opens <= now else {
                throw ServiceError.conflict("marking opens at \(RigaTime.localText(opens)), \(policy.opensBeforeStart.components.seconds / 60) minutes before the session")
            }
            try await requireBooked(entries.map(\.personID), in: group, on: connection)
            let existing = try await store.marks(group: groupID, on: connection)
            var writes: [AttendanceStore.Write] = []
            var problems = Validation()
            for (index, entry) in entries.enumerated() {
                if let minutes = entry.mark.minutes, !(1..<session.minutes).contains(minutes) {
                    problems.add("entries[\(index)].minutesAttended", "must be between 1 and \(session.minutes - 1) for a session of \(session.minutes) minutes (mark a whole session present)")
                    continue
                }
                guard let old = existing[entry.personID]?[sessionID] else {
                    writes.append(.init(person: entry.personID, mark: entry.mark, change: nil))
                    continue
                }
                guard old != entry.mark else { continue }
                guard let reason = reasons[index] ?? sheetReason else {
                    problems.add("entries[\(index)].reason", "is required to change a marking made already (\(old.text) → \(entry.mark.text))")
                    continue
                }
                writes.append(.init(person: entry.personID, mark: entry.mark, change: (old, reason)))
            }
            try problems.check()
            guard !writes.isEmpty else { return }
            try await store.write(session: sessionID, writes, by: actor.auditLabel, on: connection)
            try await audit.record("attendance.marked", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["session": sessionID.uuidString, "marked": "\(writes.count)",
                                             "changed": "\(writes.filter { $0.change != nil }.count)"], on: connection)
        }
        return try await attendance(of: groupID, by: actor)
    }

    /// Everyone's attendance for the group's trainers and the inspectorate; a participant sees their own.
    public func attendance(of groupID: UUID, by actor: Principal) async throws -> [AttendanceSummary] {
        try await sheet(of: groupID, by: actor).summaries
    }

    /// The attendance sheet with participants' names, as `attendance(of:by:)` lets the actor see it.
    public func sheet(of groupID: UUID, by actor: Principal) async throws -> AttendanceSheet {
        try await database.withConnection { connection in
            guard let group = try await groups.groups(ids: [groupID], on: connection).first else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            var visible = try await summaries(group: group, on: connection)
            if !SchedulingAccess.mayManage(group, actor: actor) {
                guard let me = actor.personID, let own = visible.first(where: { $0.personID == me }) else {
                    throw ServiceError.forbidden("a group's attendance is for its trainers, the inspectorate and, their own, its participants")
                }
                visible = [own]
            }
            let people = try await groups.directory.findPeople(ids: visible.map(\.personID), on: connection)
            return AttendanceSheet(group: group, summaries: visible,
                                   names: Dictionary(uniqueKeysWithValues: people.map { ($0.id, ($0.givenName, $0.familyName)) }))
        }
    }

    /// Every change to the group's markings after the first, oldest first.
    public func changes(of groupID: UUID, by actor: Principal) async throws -> [AttendanceChange] {
        try await database.withConnection { connection in
            _ = try await groups.managedGroup(groupID, by: actor, toDo: "see its attendance history", on: connection)
            return try await store.changes(group: groupID, on: connection)
        }
    }

    /// A person not booked into the group cannot be marked: the refusal names them.
    private func requireBooked(_ people: [UUID], in group: Group, on connection: PostgresConnection) async throws {
        let booked = Set(try await enrolments.bookedPeople(group: group.id, on: connection))
        let strangers = people.filter { !booked.contains($0) }
        guard !strangers.isEmpty else { return }
        var names: [String] = []
        for id in strangers.prefix(5) {
            let person = try await groups.directory.person(id: id, on: connection)
            names.append(person.map { "\($0.givenName) \($0.familyName) (\(id.lowercasedString))" } ?? id.lowercasedString)
        }
        let more = strangers.count > 5 ? " and \(strangers.count - 5) more" : ""
        throw ServiceError.validation([FieldProblem("entries", "not booked into \(group.code): \(names.joined(separator: ", "))\(more)")])
    }

    /// The people booked into a group, for services that check whom they may record something for.
    package func bookedPeople(group: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await enrolments.bookedPeople(group: group, on: connection)
    }

    /// Each booked participant's credited hours over the live sessions and their markings.
    package func summaries(group: Group, on connection: PostgresConnection) async throws -> [AttendanceSummary] {
        let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let marks = try await store.marks(group: group.id, on: connection)
        return try await enrolments.bookedPeople(group: group.id, on: connection).map { person in
            // Markings of sessions cancelled since are kept, but neither shown nor counted.
            let own = (marks[person] ?? [:]).filter { session, _ in group.liveSessions.contains { $0.id == session } }
            var credits: [UUID: HoursCredit] = [:]
            for session in group.liveSessions {
                if let mark = own[session.id] {
                    credits[session.id] = CreditedHours.credited(mark, at: session, partsPerHour: course.completion.partsPerHour)
                }
            }
            let credited = credits.values.sum()
            return AttendanceSummary(personID: person, credited: credited, meetsRule: AttendanceRule.meets(credited: credited, of: course),
                                     marks: own, credits: credits)
        }
    }
}
