import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO
import Scheduling

/// Training records: reading them as each role may, training done elsewhere (recorded, then approved by
/// another officer), and corrections that supersede a record and keep the one they correct.
public struct TrainingRecordService: Sendable {
    let database: Database
    let groups: GroupService
    let store: TrainingRecordStore
    let audit: AuditTrail

    public init(database: Database, groups: GroupService, store: TrainingRecordStore, audit: AuditTrail) {
        self.database = database
        self.groups = groups
        self.store = store
        self.audit = audit
    }

    var directory: DirectoryService { groups.directory }

    // MARK: Reading

    /// Records as the actor may see them: everyone's for the inspectorate; for an orphan's court chairperson,
    /// those of the court's staff now (whose training they follow, wherever it was done) and their own; their
    /// own for anyone else. Current records only (a corrected one shows its correction).
    public func records(_ filter: TrainingRecordFilter, page: PageRequest, by actor: Principal) async throws -> Page<TrainingRecord> {
        let (items, total) = try await database.withConnection { connection in
            var filter = filter
            switch TrainingAccess.recordView(actor) {
            case .all: break
            case .organisation(let court):
                guard filter.organisationID == nil || filter.organisationID == court else {
                    throw ServiceError.forbidden("a chairperson sees the training records of their own court")
                }
                let staff = Set(try await directory.personIDs(inOrganisation: court, on: connection))
                if let asked = filter.personID, asked != actor.personID, !staff.contains(asked) {
                    throw ServiceError.forbidden("a chairperson sees the training records of their own court")
                }
                filter.organisationID = nil
                filter.people = Array(staff.union([actor.personID].compactMap { $0 }))
                filter.includePending = filter.includePending && filter.personID != nil && filter.personID == actor.personID
            case .own(let person):
                if let asked = filter.personID, asked != person {
                    throw ServiceError.forbidden("you may see your own training records; a chairperson sees their court's")
                }
                filter.personID = person
            }
            let found = try await store.records(filter, page: page, on: connection)
            return (try await withGroupCodes(found.items, on: connection), found.total)
        }
        return Page(items: items, total: total, request: page)
    }

    /// A record with the records it corrects, newest first, for those who may see it.
    public func record(_ id: UUID, by actor: Principal) async throws -> [TrainingRecord] {
        try await database.withConnection { connection in
            guard let record = try await store.records(ids: [id], on: connection).first else {
                throw ServiceError.notFound("no training record has id \(id)")
            }
            let organisation = try await directory.person(id: record.personID, on: connection)?.organisationID
            guard TrainingAccess.maySee(record, organisationNow: organisation, actor: actor) else {
                throw ServiceError.forbidden("a training record is for its person, their court's chairperson and the inspectorate")
            }
            var chain = [record]
            while let previous = chain.last?.supersedes, let found = try await store.records(ids: [previous], on: connection).first {
                chain.append(found)
            }
            return try await withGroupCodes(chain, on: connection)
        }
    }

    private func withGroupCodes(_ records: [TrainingRecord], on connection: PostgresConnection) async throws -> [TrainingRecord] {
        let codes = try await groups.codes(ids: Array(Set(records.compactMap(\.groupID))), on: connection)
        return records.map { $0.withGroupCode($0.groupID.flatMap { codes[$0] }) }
    }

    /// The completed records that count, of these people, inside the caller's transaction: the one input
    /// certification reads.
    public func countingCompletions(people: [UUID], on connection: PostgresConnection) async throws -> [UUID: [CountingCompletion]] {
        try await store.countingCompletions(people: people, on: connection)
    }

    // MARK: Training done elsewhere

    /// Records training done elsewhere; it counts once another inspectorate officer approves it.
    public func recordExternal(_ draft: ExternalTrainingDraft, by actor: Principal, now: Date = Date()) async throws -> TrainingRecord {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only the inspectorate records training done elsewhere") }
        let valid = try draft.validated(today: CalendarDate.today(now: now))
        let id = try await database.transaction { connection in
            try await directory.lockPeople([valid.personID], on: connection)
            if let existing = try await store.externalKeys(people: [valid.personID], on: connection)[valid.key] {
                throw ServiceError.conflict("the same training is recorded already as \(existing.lowercasedString)")
            }
            return try await insertExternal(valid, by: actor, on: connection)
        }
        return try await record(id, by: actor)[0]
    }

    func insertExternal(_ valid: ExternalTrainingDraft.Valid, by actor: Principal, on connection: PostgresConnection) async throws -> UUID {
        guard let placement = try await directory.placements(of: [valid.personID], on: connection)[valid.personID] else {
            throw ServiceError.notFound("personId: no person has id \(valid.personID)")
        }
        let id = try await store.insert(.init(
            personID: valid.personID, source: .external, courseVersionID: nil, courseCode: nil, courseVersion: nil, groupID: nil,
            provider: valid.provider, title: valid.title, startsOn: valid.startsOn, endsOn: valid.endsOn,
            academicHours: valid.hours, outcome: .completed, reasons: [], evidenceReference: valid.evidenceReference,
            placement: (placement.organisationID, placement.region, placement.position), supersedes: nil,
            correctionReason: nil, approved: false
        ), by: actor.auditLabel, account: actor.accountID, on: connection)
        try await audit.record("training_record.external", subjectType: "training_record", subjectID: id.uuidString, by: actor,
                               details: ["person": valid.personID.uuidString, "provider": valid.provider, "hours": "\(valid.hours)"],
                               on: connection)
        return id
    }

    /// Approves training done elsewhere. Someone other than who recorded it approves it: a second pair of eyes
    /// on the evidence before it counts towards certification.
    public func approve(_ id: UUID, by actor: Principal) async throws -> TrainingRecord {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only the inspectorate approves training done elsewhere") }
        try await database.transaction { connection in
            try await store.lock(id, on: connection)
            guard let record = try await store.records(ids: [id], on: connection).first else {
                throw ServiceError.notFound("no training record has id \(id)")
            }
            guard record.approvedAt == nil, record.supersededBy == nil else {
                throw ServiceError.conflict(record.supersededBy != nil ? "the record was corrected; approve its correction" : "the record is approved already")
            }
            guard !TrainingAccess.madeBy(record, actor: actor) else {
                throw ServiceError.forbidden("another inspectorate officer must approve a record you made")
            }
            _ = try await store.approve(id, by: actor.auditLabel, on: connection)
            try await audit.record("training_record.approved", subjectType: "training_record", subjectID: id.uuidString, by: actor,
                                   details: [:], on: connection)
        }
        return try await record(id, by: actor)[0]
    }

    // MARK: Corrections

    /// Corrects a record (the inspectorate, with a reason): a new record supersedes it and both are kept. A
    /// group record's correction counts at once (the group's sheets are the evidence, and the correction is
    /// audited); a correction of training done elsewhere waits, like the record, for another officer's approval.
    public func correct(_ id: UUID, _ correction: TrainingRecordCorrection, by actor: Principal) async throws -> TrainingRecord {
        guard actor.isInspectorate else { throw ServiceError.forbidden("only the inspectorate corrects training records") }
        var validation = Validation()
        let reason = validation.requiredText(correction.reason, "reason", maxLength: 1000)
        var hours: HoursCredit?
        if let given = correction.academicHours {
            hours = HoursCredit(exactly: given)
            if hours == nil || given > 2000 { validation.add("academicHours", "must be 0 to 2000, in quarter hours") }
        }
        let reasons = (correction.reasons ?? []).enumerated().compactMap { index, text in
            validation.requiredText(text, "reasons[\(index)]", maxLength: 500)
        }
        if correction.academicHours == nil, correction.outcome == nil, correction.reasons == nil {
            validation.add("academicHours", "give at least one of academicHours, outcome and reasons to change")
        }
        if correction.outcome == .completed, !reasons.isEmpty { validation.add("reasons", "a completed record gives no reasons") }
        if correction.outcome == .notCompleted, correction.reasons != nil, reasons.isEmpty {
            validation.add("reasons", "say why the course was not completed")
        }
        try validation.check()
        let newID = try await database.transaction { connection in
            try await store.lock(id, on: connection)
            guard let old = try await store.records(ids: [id], on: connection).first else {
                throw ServiceError.notFound("no training record has id \(id)")
            }
            guard old.supersededBy == nil else {
                throw ServiceError.conflict("the record was corrected already by \(old.supersededBy!.lowercasedString); correct that one")
            }
            let outcome = correction.outcome ?? old.outcome
            let reasonsAfter = correction.reasons == nil ? (outcome == .completed ? [] : old.reasons) : reasons
            if outcome == .notCompleted, reasonsAfter.isEmpty {
                throw ServiceError.validation([FieldProblem("reasons", "say why the course was not completed")])
            }
            let newID = try await store.insertCorrection(
                of: old.id, academicHours: hours ?? old.academicHours, outcome: outcome,
                reasons: reasonsAfter, reason: reason!, approved: old.source == .group, by: actor.auditLabel,
                account: actor.accountID, on: connection
            )
            try await audit.record("training_record.corrected", subjectType: "training_record", subjectID: id.uuidString, by: actor,
                                   details: ["correction": newID.uuidString, "reason": reason!], on: connection)
            return newID
        }
        return try await record(newID, by: actor)[0]
    }
}

extension TrainingRecord {
    func withGroupCode(_ code: String?) -> TrainingRecord {
        TrainingRecord(
            id: id, personID: personID, source: source, courseCode: courseCode, courseVersion: courseVersion, groupID: groupID,
            groupCode: code, provider: provider, title: title, startsOn: startsOn, endsOn: endsOn, academicHours: academicHours,
            outcome: outcome, reasons: reasons, evidenceReference: evidenceReference, organisationID: organisationID,
            region: region, position: position, supersedes: supersedes, correctionReason: correctionReason,
            supersededBy: supersededBy, recordedBy: recordedBy, recordedAccount: recordedAccount, recordedAt: recordedAt,
            approvedBy: approvedBy, approvedAt: approvedAt
        )
    }
}
