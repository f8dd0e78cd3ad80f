import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Adding and cancelling a group's dated sessions, refusing clashes of trainer, participant or venue.
public struct SessionService: Sendable {
    let database: Database
    let groups: GroupService
    let store: SessionStore
    let enrolments: EnrolmentStore
    let audit: AuditTrail

    public init(database: Database, groups: GroupService, store: SessionStore, enrolments: EnrolmentStore, audit: AuditTrail) {
        self.database = database
        self.groups = groups
        self.store = store
        self.enrolments = enrolments
        self.audit = audit
    }

    /// Adds a dated session, refusing with 409 a clash of trainer, participant or venue (the clashing session
    /// is named). Runs under locks on the group, its people and the venue, so two clashing sessions cannot
    /// both be added at once.
    public func addSession(to groupID: UUID, _ draft: SessionDraft, by actor: Principal) async throws -> Group {
        try await database.transaction { connection in try await addSession(to: groupID, draft, by: actor, on: connection) }
        return try await groups.group(id: groupID)
    }

    func addSession(to groupID: UUID, _ draft: SessionDraft, by actor: Principal, on connection: PostgresConnection) async throws {
        var validation = Validation()
        let starts = validation.rigaTime(draft.startsAt, "startsAt")
        let ends = validation.rigaTime(draft.endsAt, "endsAt")
        let venueText = validation.optionalText(draft.venue, "venue")
        if starts == nil, validation.problems.allSatisfy({ $0.field != "startsAt" }) { validation.add("startsAt", "is required") }
        if ends == nil, validation.problems.allSatisfy({ $0.field != "endsAt" }) { validation.add("endsAt", "is required") }
        try validation.check()
        let group = try await groups.lockedGroup(groupID, by: actor, toDo: "change its sessions", on: connection)
        guard group.status.sessionsMayChange else {
            throw ServiceError.conflict("the group is \(group.status.rawValue); its sessions can no longer change")
        }
        let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let timing = try Self.timing(starts!, ends!, academicHours: draft.academicHours, length: course.academicHourLength)
        if let problem = VersionInForce.problem(sessionStartsAt: timing.startsAt, course: course) { throw ServiceError.validation([problem]) }
        guard group.scheduledHours + timing.academicHours <= course.academicHours else {
            throw ServiceError.validation([FieldProblem(
                "academicHours", "the sessions would credit \(group.scheduledHours + timing.academicHours) academic hours, more than the \(course.academicHours) of \(course.code)"
            )])
        }
        let unknown = draft.modules.filter { code in !course.modules.contains { $0.code == code } }
        guard unknown.isEmpty, Set(draft.modules).count == draft.modules.count else {
            throw ServiceError.validation([FieldProblem(
                "modules", unknown.isEmpty ? "name each module once" : "\(course.code) has no module \(unknown.joined(separator: ", ")) (it has \(course.modules.map(\.code).joined(separator: ", ")))"
            )])
        }
        let venue = group.online ? nil : (venueText ?? group.venue)
        try await requireNoClash(group: group, timing: timing, venue: venue, on: connection)
        let id = try await store.insertSession(group: groupID, timing: timing, venue: venueText, modules: draft.modules, on: connection)
        try await audit.record("session.added", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                               details: ["session": id.uuidString], on: connection)
    }

    public func cancelSession(_ sessionID: UUID, of groupID: UUID, by actor: Principal) async throws -> Group {
        try await database.transaction { connection in
            let group = try await groups.lockedGroup(groupID, by: actor, toDo: "change its sessions", on: connection)
            guard group.status.sessionsMayChange else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its sessions can no longer change")
            }
            guard try await store.cancelSession(sessionID, group: groupID, on: connection) else {
                throw ServiceError.notFound("the group has no live session \(sessionID)")
            }
            try await audit.record("session.cancelled", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["session": sessionID.uuidString], on: connection)
        }
        return try await groups.group(id: groupID)
    }

    static func timing(_ starts: Date, _ ends: Date, academicHours: Int, length: AcademicHourLength) throws(ServiceError) -> SessionTiming {
        do {
            return try SessionTiming(startsAt: starts, endsAt: ends, academicHours: academicHours, hourLength: length)
        } catch {
            throw .validation([FieldProblem("academicHours", error.description)])
        }
    }

    /// Everyone in the group, trainer or participant, must be free at that time, and so must the venue.
    func requireNoClash(group: Group, timing: SessionTiming, venue: String?, on connection: PostgresConnection) async throws {
        let trainers = group.trainers.map(\.personID)
        let participants = try await enrolments.enrolments(group: group.id, on: connection)
            .filter { $0.status != .cancelled }.map(\.personID)
        try await groups.directory.lockPeople(trainers + participants, on: connection)
        if let venue { try await store.lockVenue(venue, on: connection) }
        for session in group.liveSessions where timing.overlaps((session.startsAt, session.endsAt)) {
            throw ServiceError.conflict("the session overlaps this group's own session \(session.id.lowercasedString) at \(RigaTime.localText(session.startsAt))")
        }
        for (people, who) in [(trainers, "a trainer"), (participants, "a participant")] where !people.isEmpty {
            let asTrainer = try await store.trainerClash(people: people, startsAt: timing.startsAt, endsAt: timing.endsAt,
                                                         excludingGroup: group.id, on: connection)
            let asParticipant = try await store.participantClash(people: people, startsAt: timing.startsAt, endsAt: timing.endsAt,
                                                                 excludingGroup: group.id, on: connection)
            if let clash = asTrainer ?? asParticipant {
                throw ServiceError.conflict("\(who) of this group is in session \(clash.sessionID.lowercasedString) of group \(clash.groupCode) at \(RigaTime.localText(clash.startsAt))")
            }
        }
        if let venue, let clash = try await store.venueClash(venue: venue, startsAt: timing.startsAt, endsAt: timing.endsAt, on: connection) {
            throw ServiceError.conflict("\(venue) is taken by session \(clash.sessionID.lowercasedString) of group \(clash.groupCode) at \(RigaTime.localText(clash.startsAt))")
        }
    }
}
