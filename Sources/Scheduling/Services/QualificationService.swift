import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO

/// Trainer qualifications: from completing a trainer cohort, or granted and withdrawn directly by the
/// inspectorate with a reason; provisional ones become full when a supervising trainer signs off a delivery.
public struct QualificationService: Sendable {
    let database: Database
    let groups: GroupService
    let store: QualificationStore
    let audit: AuditTrail

    public init(
        database: Database, groups: GroupService, store: QualificationStore, audit: AuditTrail
    ) {
        self.database = database
        self.groups = groups
        self.store = store
        self.audit = audit
    }

    var catalogue: CatalogueService { groups.catalogue }

    /// A person's qualifications, for themselves, trainers (choosing co-trainers) and the inspectorate.
    public func qualifications(of personID: UUID, by actor: Principal) async throws -> [TrainerQualification] {
        if case .caller(let caller) = actor, caller.personID != personID, !caller.isInspectorate, !caller.has(.trainer) {
            throw ServiceError.forbidden("a person's trainer qualifications are for them, trainers and the inspectorate")
        }
        return try await qualifications(of: personID)
    }

    public func qualifications(of personID: UUID) async throws -> [TrainerQualification] {
        try await database.withConnection { connection in
            try await store.qualifications(person: personID, on: connection)
        }
    }

    public func grant(
        personID: UUID, courseCode: String, fromVersion: Int, provisional: Bool, reason: String?, by actor: Principal
    ) async throws -> TrainerQualification {
        guard SchedulingAccess.mayManageQualifications(actor) else {
            throw ServiceError.forbidden("only the inspectorate grants trainer qualifications")
        }
        var validation = Validation()
        let reason = validation.requiredText(reason, "reason", maxLength: 1000)
        try validation.check()
        _ = try await catalogue.version(code: courseCode, version: fromVersion)
        let id = try await database.transaction { connection in
            do {
                let id = try await store.insertQualification(
                    person: personID, courseCode: courseCode, fromVersion: fromVersion,
                    status: provisional ? .provisional : .qualified, via: .direct, cohort: nil, reason: reason,
                    by: actor.auditLabel, on: connection
                )
                try await audit.record("qualification.granted", subjectType: "person", subjectID: personID.uuidString,
                                       by: actor, details: ["course": courseCode, "reason": reason!], on: connection)
                return id
            } catch let error where error.violatedUniqueConstraint == "trainer_qualifications_live_key" {
                throw ServiceError.conflict("the person holds a qualification for \(courseCode) already; withdraw it first")
            } catch let error as PSQLError where error.isForeignKeyViolation {
                throw ServiceError.notFound("personId: no person has id \(personID)")
            }
        }
        return try await qualification(id)
    }

    public func withdraw(_ id: UUID, reason: String?, by actor: Principal) async throws -> TrainerQualification {
        guard SchedulingAccess.mayManageQualifications(actor) else {
            throw ServiceError.forbidden("only the inspectorate withdraws trainer qualifications")
        }
        var validation = Validation()
        let reason = validation.requiredText(reason, "reason", maxLength: 1000)
        try validation.check()
        try await database.transaction { connection in
            guard try await store.withdrawQualification(id, reason: reason!, by: actor.auditLabel, on: connection) else {
                throw ServiceError.notFound("no live qualification has id \(id)")
            }
            try await audit.record("qualification.withdrawn", subjectType: "qualification", subjectID: id.uuidString,
                                   by: actor, details: ["reason": reason!], on: connection)
        }
        return try await qualification(id)
    }

    /// A fully qualified co-trainer of the group that the provisional trainer led signs the delivery off.
    public func signOff(_ id: UUID, deliveredIn groupID: UUID, by actor: Principal) async throws -> TrainerQualification {
        guard let supervisor = SchedulingAccess.trainer(actor) else {
            throw ServiceError.forbidden("a supervising trainer signs off, with an account holding the trainer role")
        }
        try await database.transaction { connection in
            guard let qualification = try await store.qualifications(ids: [id], on: connection).first,
                  qualification.status == .provisional
            else { throw ServiceError.notFound("no provisional qualification has id \(id)") }
            guard let group = try await groups.groups(ids: [groupID], on: connection).first else {
                throw ServiceError.notFound("no group has id \(groupID)")
            }
            let course = try await catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
            guard group.leadTrainerID == qualification.personID,
                  course.trainerQualification.qualifiedFor == qualification.courseCode
            else {
                throw ServiceError.validation([FieldProblem("groupId", "the qualified person did not lead a group of \(qualification.courseCode) here")])
            }
            guard group.trainers.contains(where: { $0.personID == supervisor && $0.role == .co }) else {
                throw ServiceError.forbidden("only a co-trainer of the group may sign off its lead's delivery")
            }
            let own = try await store.qualifications(person: supervisor, courseCode: qualification.courseCode, on: connection)
            guard own.contains(where: { $0.status == .qualified }) else {
                throw ServiceError.forbidden("only a fully qualified trainer may sign off a delivery")
            }
            guard group.kind == .delivery, group.status == .completed, group.booked > 0 else {
                throw ServiceError.conflict("a sign-off needs a completed delivery with participants (this group is \(group.status.rawValue), \(group.booked) booked)")
            }
            _ = try await store.signOff(id, by: supervisor, group: groupID, on: connection)
            try await audit.record("qualification.signed_off", subjectType: "qualification", subjectID: id.uuidString,
                                   by: actor, details: ["group": group.code], on: connection)
        }
        return try await qualification(id)
    }

    /// Qualifies people who completed a trainer cohort for its course, from its version on — provisionally
    /// when the course wants first deliveries supervised; someone qualified already keeps what they hold.
    /// Called by closing the cohort, inside its transaction.
    package func qualifyFromCohort(
        _ group: Group, people: [UUID], course: CourseDefinition, by actor: Principal, on connection: PostgresConnection
    ) async throws -> [TrainerQualification] {
        let target = course.trainerQualification.qualifiedFor
        let alreadyQualified = Set(try await store.qualifications(people: people, courseCode: target, on: connection)
            .filter { $0.status != .withdrawn }.map(\.personID))
        var ids: [UUID] = []
        for person in people where !alreadyQualified.contains(person) {
            ids.append(try await store.insertQualification(
                person: person, courseCode: target, fromVersion: group.courseVersion,
                status: course.trainerQualification.supervisedFirstDelivery ? .provisional : .qualified,
                via: .cohort, cohort: group.id, reason: "completed trainer cohort \(group.code)", by: actor.auditLabel,
                on: connection
            ))
        }
        return try await store.qualifications(ids: ids, on: connection)
    }

    func qualification(_ id: UUID) async throws -> TrainerQualification {
        let found = try await database.withConnection { connection in
            try await store.qualifications(ids: [id], on: connection).first
        }
        guard let found else { throw ServiceError.notFound("no qualification has id \(id)") }
        return found
    }
}
