import Core
import Curriculum
import Database
import Directory
import Foundation
import Notices
import Logging
import PostgresNIO

/// Scheduling groups, moving them through their statuses and changing their capacity; reading them. Every
/// other scheduling service loads and locks groups through this one.
public struct GroupService: Sendable {
    let database: Database
    let store: GroupStore
    let sessions: SessionStore
    let waitlist: Waitlist
    package let catalogue: CatalogueService
    package let directory: DirectoryService
    let qualifications: QualificationStore
    let audit: AuditTrail
    /// What each message to participants and trainers says.
    let notices: NoticeTemplates

    public init(
        database: Database, store: GroupStore, sessions: SessionStore, enrolments: EnrolmentStore, outbox: OutboxStore,
        qualifications: QualificationStore, catalogue: CatalogueService, directory: DirectoryService, audit: AuditTrail, notices: NoticeTemplates
    ) {
        self.database = database
        self.store = store
        self.sessions = sessions
        self.waitlist = Waitlist(enrolments: enrolments, outbox: outbox, directory: directory, notices: notices)
        self.notices = notices
        self.qualifications = qualifications
        self.catalogue = catalogue
        self.directory = directory
        self.audit = audit
    }

    // MARK: Creating

    public func createGroup(_ draft: GroupDraft, by actor: Principal) async throws -> Group {
        let id = try await database.transaction { connection in try await createGroup(draft, by: actor, on: connection) }
        return try await group(id: id)
    }

    /// The same within the caller's transaction: a schedule file creates all its groups in one.
    func createGroup(_ draft: GroupDraft, by actor: Principal, on connection: PostgresConnection) async throws -> UUID {
        let checked = try GroupDraftRules.check(draft)
        guard SchedulingAccess.mayCreateGroup(lead: draft.leadTrainerID, coTrainers: draft.coTrainerIDs, actor: actor) else {
            throw ServiceError.forbidden("a trainer may schedule only groups they lead or co-lead; the inspectorate schedules any")
        }
        let version = try await catalogue.version(code: draft.courseCode, version: draft.courseVersion, on: connection)
        try GroupDraftRules.requireApproved(version)
        let course = version.definition
        let minimum = try GroupDraftRules.minimumParticipants(draft, course: course)
        // Holds the version as approved while the group is attached to it (a retirement waits).
        try await catalogue.holdApproved(version, on: connection)
        let trainers = [draft.leadTrainerID] + draft.coTrainerIDs
        try await directory.lockPeople(trainers, on: connection)
        let held = try await qualifications.qualifications(
            people: trainers, courseCode: course.trainerQualification.qualifiedFor, on: connection
        )
        try LeadTrainerRule.check(
            lead: held.filter { $0.personID == draft.leadTrainerID },
            coTrainers: held.filter { draft.coTrainerIDs.contains($0.personID) }, for: course, kind: draft.kind
        )
        let id: UUID
        do {
            id = try await store.insertGroup(.init(
                code: checked.code, kind: draft.kind, courseVersionID: version.id, region: checked.region,
                venue: checked.venue, online: draft.online, capacity: draft.capacity, minimumParticipants: minimum,
                registration: checked.registration, pilot: draft.pilot, createdBy: actor.auditLabel
            ), on: connection)
            try await store.insertTrainers(group: id, lead: draft.leadTrainerID, co: draft.coTrainerIDs, on: connection)
        } catch let error where error.violatedUniqueConstraint == "delivery_groups_code_key" {
            throw ServiceError.conflict("a group with code \(checked.code) exists already")
        } catch let error as PSQLError where error.isForeignKeyViolation {
            throw ServiceError.notFound("leadTrainerId, coTrainerIds: every trainer must be a person in the directory")
        }
        try await audit.record("group.created", subjectType: "group", subjectID: id.uuidString, by: actor,
                               details: ["code": checked.code, "course": "\(course.code)@\(course.version)"], on: connection)
        return id
    }

    // MARK: Status and capacity

    public func changeStatus(of groupID: UUID, to status: GroupStatus, reason: String?, by actor: Principal) async throws -> Group {
        try await database.transaction { connection in
            try await changeStatus(of: groupID, to: status, reason: reason, by: actor, on: connection)
        }
        return try await group(id: groupID)
    }

    func changeStatus(
        of groupID: UUID, to status: GroupStatus, reason: String?, by actor: Principal, on connection: PostgresConnection
    ) async throws {
        var validation = Validation()
        let reason = validation.optionalText(reason, "reason", maxLength: 1000)
        if status == .cancelled, reason == nil { validation.add("reason", "is required to cancel a group") }
        try validation.check()
        let group = try await lockedGroup(groupID, by: actor, toDo: "change its status", on: connection)
        guard group.status.canMove(to: status) else {
            throw ServiceError.conflict("a group that is \(group.status.rawValue) cannot become \(status.rawValue)")
        }
        if status == .completed {
            throw ServiceError.conflict("a group is completed by closing it (POST /v1/groups/{id}/close), which records each participant's outcome")
        }
        if status == .open {
            let course = try await catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            // What stands in the way is the group's sessions, not the request: a conflict with its state.
            guard group.scheduledHours == course.academicHours else {
                throw ServiceError.conflict(
                    "the sessions credit \(group.scheduledHours) academic hours, but \(course.code) has \(course.academicHours); schedule them all before opening"
                )
            }
            // Completion asks that mandatory modules be attended in full, which needs sessions that cover them.
            let covered = Set(group.liveSessions.flatMap(\.modules))
            let uncovered = course.completion.mandatoryModules.filter { !covered.contains($0) }
            guard uncovered.isEmpty else {
                throw ServiceError.conflict(
                    "no session covers mandatory module \(uncovered.joined(separator: ", ")) of \(course.code); name the modules each session covers before opening"
                )
            }
        }
        try await store.setStatus(group: groupID, to: status, reason: reason, on: connection)
        if status == .cancelled { try await sessions.cancelAllSessions(group: groupID, on: connection) }
        try await audit.record("group.\(status.rawValue)", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                               details: reason.map { ["reason": $0] } ?? [:], on: connection)
    }

    /// Completes a group its closing has just assessed, in the closing's transaction, with the same audit event
    /// every other change of a group's status has (`group.<status>`), carrying what the closing decided.
    package func complete(_ groupID: UUID, details: [String: String], by actor: Principal, on connection: PostgresConnection) async throws {
        try await store.setStatus(group: groupID, to: .completed, reason: nil, on: connection)
        try await audit.record("group.\(GroupStatus.completed.rawValue)", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                               details: details, on: connection)
    }

    // What other modules read of groups, through this service rather than its store.

    /// The groups delivering a course version, with their codes.
    package func deliveries(ofVersion versionID: UUID, on connection: PostgresConnection) async throws -> [(id: UUID, code: String)] {
        try await store.deliveries(ofVersion: versionID, on: connection)
    }

    /// The pilot groups of these course versions.
    package func pilotGroupIDs(versionIDs: [UUID], on connection: PostgresConnection) async throws -> [UUID: [UUID]] {
        try await store.pilotGroupIDs(versionIDs: versionIDs, on: connection)
    }

    /// The codes of these groups.
    package func codes(ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: String] {
        try await store.codes(ids: ids, on: connection)
    }

    /// Changes the capacity; raising it moves people up from the waitlist at once.
    public func setCapacity(of groupID: UUID, to capacity: Int, by actor: Principal) async throws -> Group {
        guard Capacity.allowed.contains(capacity) else {
            throw ServiceError.validation([FieldProblem("capacity", "must be between \(Capacity.allowed.lowerBound) and \(Capacity.allowed.upperBound)")])
        }
        try await database.transaction { connection in
            let group = try await lockedGroup(groupID, by: actor, toDo: "change its capacity", on: connection)
            guard capacity >= group.booked else {
                throw ServiceError.conflict("\(group.booked) people are booked; the capacity cannot be lower")
            }
            try await store.setCapacity(group: groupID, to: capacity, on: connection)
            try await waitlist.promote(group: group, capacity: capacity, by: actor, on: connection)
            try await audit.record("group.capacity", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: ["capacity": "\(capacity)"], on: connection)
        }
        return try await group(id: groupID)
    }

    // MARK: Locking and loading

    /// Locks a group's row and loads it: the start of every change to a group or its enrolments.
    package func locked(_ id: UUID, on connection: PostgresConnection) async throws -> Group {
        guard try await store.lockGroup(id, on: connection), let group = try await groups(ids: [id], on: connection).first else {
            throw ServiceError.notFound("no group has id \(id)")
        }
        return group
    }

    /// Locks and loads a group, if the actor may manage it (its trainers, the inspectorate).
    package func lockedGroup(_ id: UUID, by actor: Principal, toDo action: String, on connection: PostgresConnection) async throws -> Group {
        let group = try await locked(id, on: connection)
        guard SchedulingAccess.mayManage(group, actor: actor) else {
            throw ServiceError.forbidden("only the group's trainers and the inspectorate \(action)")
        }
        return group
    }

    /// A group, if the actor may manage it, without locking it.
    package func managedGroup(_ id: UUID, by actor: Principal, toDo action: String, on connection: PostgresConnection) async throws -> Group {
        guard let group = try await groups(ids: [id], on: connection).first else {
            throw ServiceError.notFound("no group has id \(id)")
        }
        guard SchedulingAccess.mayManage(group, actor: actor) else {
            throw ServiceError.forbidden("only the group's trainers and the inspectorate \(action)")
        }
        return group
    }

    /// Groups with their course version (from the catalogue's copies), trainers, sessions and counts: two queries
    /// however many groups.
    /// - Parameter withSessions: false where only the group's own fields are used (enrolment decides from the group,
    ///   its sessions' clashes in SQL): its `sessions` are then empty, and one query is saved.
    package func groups(ids: [UUID], withSessions: Bool = true, on connection: PostgresConnection) async throws -> [Group] {
        let rows = try await store.rows(ids: ids, on: connection)
        guard !rows.isEmpty else { return [] }
        let sessions = withSessions ? try await sessions.sessions(groups: rows.map(\.id), on: connection) : [:]
        let courses = try await catalogue.heads(ids: rows.map(\.courseVersionID), on: connection)
        return rows.compactMap { row in
            guard let course = courses[row.courseVersionID] else { return nil }
            return Group(
                id: row.id, code: row.code, kind: row.kind, courseVersionID: row.courseVersionID, courseCode: course.code,
                courseVersion: course.version, courseTitle: course.title, region: row.region, venue: row.venue,
                online: row.online, capacity: row.capacity, minimumParticipants: row.minimumParticipants,
                registration: row.registration, pilot: row.pilot, status: row.status, cancelledReason: row.cancelledReason,
                trainers: row.trainers, sessions: sessions[row.id] ?? [], booked: row.booked, waitlisted: row.waitlisted
            )
        }
    }

    // MARK: Reading

    public func group(id: UUID) async throws -> Group {
        let found = try await database.withConnection { connection in
            try await groups(ids: [id], on: connection).first
        }
        guard let found else { throw ServiceError.notFound("no group has id \(id)") }
        return found
    }

    /// A group by its code, as people and files name groups.
    public func group(code: String) async throws -> Group {
        let found = try await database.withConnection { connection in
            guard let id = try await store.ids(codes: [code], on: connection)[code] else { return nil as Group? }
            return try await groups(ids: [id], on: connection).first
        }
        guard let found else { throw ServiceError.notFound("no group has code \(code)") }
        return found
    }

    /// Groups are an open timetable: every signed-in user may find groups to enrol in.
    public func groups(_ filter: GroupFilter, page: PageRequest) async throws -> Page<Group> {
        let (items, total) = try await database.withConnection { connection in
            var versionIDs: [UUID]?
            if let code = filter.courseCode { versionIDs = try await catalogue.versionIDs(code: code, on: connection) }
            let (ids, total) = try await store.groupIDs(filter, versionIDs: versionIDs, page: page, on: connection)
            return (try await groups(ids: ids, on: connection), total)
        }
        return Page(items: items, total: total, request: page)
    }
}
