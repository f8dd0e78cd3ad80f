import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Enrolling people into groups and cancelling, with capacity held by a row lock on the group: however many
/// requests arrive at once, no more are booked than there are places; the rest wait in the order they asked.
public struct EnrolmentService: Sendable {
    let database: Database
    let groups: GroupService
    let store: EnrolmentStore
    let audit: AuditTrail

    public init(database: Database, groups: GroupService, store: EnrolmentStore, audit: AuditTrail) {
        self.database = database
        self.groups = groups
        self.store = store
        self.audit = audit
    }

    /// Enrols `personID` (the caller when nil). Outside the registration window only the inspectorate may,
    /// with `overrideReason`, which is recorded in the history.
    public func enrol(
        personID: UUID?, in groupID: UUID, overrideReason: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> Enrolment {
        guard let personID = personID ?? actor.personID else {
            throw ServiceError.validation([FieldProblem("personId", "is required")])
        }
        var validation = Validation()
        let overrideReason = validation.optionalText(overrideReason, "overrideReason", maxLength: 1000)
        try validation.check()
        return try await database.transaction { connection in
            // What cannot change while the group is locked is read and checked before its lock: who may enrol whom,
            // the course's audience, the registration window. Enrolments into one group take its lock one at a
            // time, so the time under it is kept to the few statements that decide the place.
            guard let group = try await groups.groups(ids: [groupID], withSessions: false, on: connection).first else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            guard let person = try await groups.directory.person(id: personID, on: connection) else {
                throw ServiceError.notFound("personId: no person has id \(personID)")
            }
            switch SchedulingAccess.mayEnrol(person, in: group, actor: actor) {
            case .no(let reason): throw ServiceError.forbidden(reason)
            case .themselves:
                let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
                guard course.audiences.contains(person.position) else {
                    throw ServiceError.forbidden("\(course.code) is for \(course.audiences.map(\.rawValue).joined(separator: ", ")); ask your chairperson or the inspectorate to enrol you")
                }
            case .onBehalf: break
            }
            let reason = try deadlineOverride(group.registration.enrolmentRefusal(at: now), overrideReason, actor)
            // Under the group's lock, then the person's: the group's status, capacity and places taken as they are now.
            guard let places = try await store.lockPlaces(group: groupID, on: connection) else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            guard try await groups.directory.lockPeople([personID], on: connection).contains(personID) else {
                throw ServiceError.notFound("personId: no person has id \(personID)")
            }
            guard places.status.takesEnrolments else {
                throw ServiceError.conflict("group \(group.code) is \(places.status.rawValue) and takes no enrolments")
            }
            // Trainer cohorts train future trainers: a request waits for the inspectorate's approval.
            let status: EnrolmentStatus = group.kind == .trainerCohort && !actor.isInspectorate
                ? .requested
                : Capacity.decide(booked: places.booked, capacity: places.capacity ?? group.capacity)
            switch try await store.insertEnrolment(group: groupID, person: personID, status: status, by: actor, reason: reason,
                                                   groupCode: group.code, on: connection) {
            case .added(let enrolment):
                return enrolment
            case .enrolledAlready:
                throw ServiceError.conflict("the person is enrolled in group \(group.code) already")
            case .clash(let clash, let overlapped):
                throw ServiceError.conflict("the person is already in session \(clash.sessionID.lowercasedString) of group \(clash.groupCode) at \(RigaTime.localText(clash.startsAt)), which overlaps this group's session at \(RigaTime.localText(overlapped))")
            }
        }
    }

    /// Approves a requested enrolment (trainer cohorts): it is booked or waitlisted like any other.
    public func approve(_ enrolmentID: UUID, by actor: Principal) async throws -> Enrolment {
        guard actor.isInspectorate else {
            throw ServiceError.forbidden("the inspectorate approves requests to join a trainer cohort")
        }
        try await database.transaction { connection in
            guard let found = try await store.enrolments(ids: [enrolmentID], on: connection).first else {
                throw ServiceError.notFound("no enrolment has id \(enrolmentID)")
            }
            let group = try await groups.locked(found.groupID, on: connection)
            // Read again under the group's lock: a concurrent approve or cancel may have changed it.
            guard let enrolment = try await store.enrolments(ids: [enrolmentID], on: connection).first else {
                throw ServiceError.notFound("no enrolment has id \(enrolmentID)")
            }
            guard enrolment.status == .requested else {
                throw ServiceError.conflict("the enrolment is \(enrolment.status.rawValue), not requested")
            }
            guard group.status.takesEnrolments else {
                throw ServiceError.conflict("group \(group.code) is \(group.status.rawValue) and takes no enrolments")
            }
            let status = Capacity.decide(booked: group.booked, capacity: group.capacity)
            try await store.setEnrolmentStatus(enrolmentID, to: status, by: actor.auditLabel, reason: "approved", on: connection)
        }
        return try await enrolment(id: enrolmentID)
    }

    /// Cancels an enrolment and, if it held a place, books the first person waiting. After the cancellation
    /// deadline only the inspectorate may cancel, with `overrideReason`.
    public func cancel(
        _ enrolmentID: UUID, reason: String?, overrideReason: String? = nil, by actor: Principal, now: Date = Date()
    ) async throws -> Enrolment {
        var validation = Validation()
        let reason = validation.requiredText(reason, "reason", maxLength: 1000)
        let overrideReason = validation.optionalText(overrideReason, "overrideReason", maxLength: 1000)
        try validation.check()
        try await database.transaction { connection in
            guard let found = try await store.enrolments(ids: [enrolmentID], on: connection).first else {
                throw ServiceError.notFound("no enrolment has id \(enrolmentID)")
            }
            let group = try await groups.locked(found.groupID, on: connection)
            guard let enrolment = try await store.enrolments(ids: [enrolmentID], on: connection).first else {
                throw ServiceError.notFound("no enrolment has id \(enrolmentID)")
            }
            let person = try await groups.directory.person(id: enrolment.personID, on: connection)!
            if case .no(let why) = SchedulingAccess.mayEnrol(person, in: group, actor: actor) { throw ServiceError.forbidden(why) }
            guard enrolment.status != .cancelled else { throw ServiceError.conflict("the enrolment is cancelled already") }
            let override = try deadlineOverride(group.registration.cancellationRefusal(at: now), overrideReason, actor)
            try await store.setEnrolmentStatus(
                enrolmentID, to: .cancelled, by: actor.auditLabel,
                reason: [reason, override].compactMap { $0 }.joined(separator: "; "), on: connection
            )
            if enrolment.status == .booked {
                try await groups.waitlist.promote(group: group, capacity: group.capacity, by: actor, on: connection)
            }
            try await audit.record("enrolment.cancelled", subjectType: "enrolment", subjectID: enrolmentID.uuidString, by: actor,
                                   details: ["reason": reason!], on: connection)
        }
        return try await enrolment(id: enrolmentID)
    }

    /// Nil when no deadline stands in the way; the recorded override text when the inspectorate passes one;
    /// otherwise the refusal. A deadline passed is the group's state, not a fault of the request, so it is a
    /// conflict also for the inspectorate when it gives no reason to pass it.
    private func deadlineOverride(_ refusal: String?, _ overrideReason: String?, _ actor: Principal) throws -> String? {
        guard let refusal else { return nil }
        guard SchedulingAccess.mayOverrideDeadlines(actor) else {
            throw ServiceError.conflict(refusal)
        }
        guard let overrideReason else {
            throw ServiceError.conflict("\(refusal); give overrideReason to override it")
        }
        return "deadline overridden: \(overrideReason)"
    }

    // MARK: Reading

    public func enrolment(id: UUID) async throws -> Enrolment {
        let found = try await database.withConnection { connection in
            try await store.enrolments(ids: [id], on: connection).first
        }
        guard let found else { throw ServiceError.notFound("no enrolment has id \(id)") }
        return found
    }

    /// One enrolment, if the actor may see it.
    public func enrolment(id: UUID, by actor: Principal) async throws -> Enrolment {
        try await database.withConnection { connection in
            guard let enrolment = try await store.enrolments(ids: [id], on: connection).first,
                  let group = try await groups.groups(ids: [enrolment.groupID], on: connection).first
            else { throw ServiceError.notFound("no enrolment has id \(id)") }
            let visible: Bool
            switch SchedulingAccess.enrolmentView(of: group, actor: actor) {
            case .all: visible = true
            case .own(let person): visible = enrolment.personID == person
            case .organisation(let court):
                visible = try await groups.directory.person(id: enrolment.personID, on: connection)?.organisationID == court
            }
            guard visible else { throw ServiceError.forbidden("you may not see this enrolment") }
            return enrolment
        }
    }

    /// A group's enrolments as the actor may see them: all (its trainers, the inspectorate), their court's
    /// (a chairperson) or their own.
    public func enrolments(in groupID: UUID, by actor: Principal) async throws -> [Enrolment] {
        try await database.withConnection { connection in
            guard let group = try await groups.groups(ids: [groupID], on: connection).first else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            switch SchedulingAccess.enrolmentView(of: group, actor: actor) {
            case .all: return try await store.enrolments(group: groupID, on: connection)
            case .own(let person): return try await store.enrolments(group: groupID, people: [person], on: connection)
            case .organisation(let court):
                // The chairperson is on their court's staff, so their own enrolment is included.
                let staff = try await groups.directory.personIDs(inOrganisation: court, on: connection)
                return try await store.enrolments(group: groupID, people: staff, on: connection)
            }
        }
    }

    /// The enrolments of a court's people across every group: a chairperson's own court, or any court for the
    /// inspectorate (which names it).
    public func courtEnrolments(organisation: UUID?, by actor: Principal) async throws -> [Enrolment] {
        let court: UUID
        if actor.isInspectorate {
            guard let organisation else {
                throw ServiceError.validation([FieldProblem("organisationId", "is required: name the court")])
            }
            court = organisation
        } else if case .caller(let caller) = actor, caller.has(.orphansCourtChairperson), let own = caller.organisationID {
            guard organisation == nil || organisation == own else {
                throw ServiceError.forbidden("a chairperson sees the enrolments of their own court")
            }
            court = own
        } else {
            throw ServiceError.forbidden("a court's enrolments are for its chairperson and the inspectorate")
        }
        return try await database.withConnection { connection in
            let staff = try await groups.directory.personIDs(inOrganisation: court, on: connection)
            guard !staff.isEmpty else { return [] }
            return try await store.enrolments(people: staff, on: connection)
        }
    }

    /// A person's own enrolments.
    public func myEnrolments(by actor: Principal) async throws -> [Enrolment] {
        guard let person = actor.personID else { return [] }
        return try await database.withConnection { connection in
            try await store.enrolments(people: [person], on: connection)
        }
    }
}
