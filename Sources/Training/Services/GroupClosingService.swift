import Core
import Curriculum
import Database
import Directory
import Foundation
import Logging
import PostgresNIO
import Scheduling

/// Closing a group: each booked participant's outcome from the course version's completion rule, previewed,
/// then confirmed in one transaction that completes the group and writes a training record per participant
/// (and, for a trainer cohort, the trainer qualifications). Assessment results are recorded here too.
public struct GroupClosingService: Sendable {
    let database: Database
    let groups: GroupService
    let attendance: AttendanceService
    let qualifications: QualificationService
    let records: TrainingRecordStore
    let assessments: AssessmentStore
    let audit: AuditTrail

    public init(
        database: Database, groups: GroupService, attendance: AttendanceService, qualifications: QualificationService,
        records: TrainingRecordStore, assessments: AssessmentStore, audit: AuditTrail
    ) {
        self.database = database
        self.groups = groups
        self.attendance = attendance
        self.qualifications = qualifications
        self.records = records
        self.assessments = assessments
        self.audit = audit
    }

    // MARK: Assessment results

    /// Records booked participants' assessment results, until the group is closed.
    public func recordAssessments(_ results: [AssessmentResult], in groupID: UUID, by actor: Principal) async throws -> [AssessmentResult] {
        var validation = Validation()
        if results.isEmpty { validation.add("results", "list at least one person") }
        if Set(results.map(\.personID)).count != results.count { validation.add("results", "name each person once") }
        let checked = results.enumerated().map { index, result in
            AssessmentResult(personID: result.personID, passed: result.passed,
                             note: validation.optionalText(result.note, "results[\(index)].note", maxLength: 1000))
        }
        try validation.check()
        return try await database.transaction { connection in
            let group = try await groups.lockedGroup(groupID, by: actor, toDo: "record assessment results", on: connection)
            guard group.status.recordsAttendance else {
                throw ServiceError.conflict("the group is \(group.status.rawValue); its assessment results can no longer change")
            }
            let booked = Set(try await attendance.bookedPeople(group: groupID, on: connection))
            let strangers = checked.filter { !booked.contains($0.personID) }
            guard strangers.isEmpty else {
                throw ServiceError.validation([FieldProblem("results", "not booked into \(group.code): \(strangers.map { $0.personID.lowercasedString }.joined(separator: ", "))")])
            }
            try await assessments.record(group: groupID, checked, by: actor.auditLabel, on: connection)
            try await audit.record("assessment.recorded", subjectType: "group", subjectID: groupID.uuidString, by: actor,
                                   details: Dictionary(uniqueKeysWithValues: checked.map { ($0.personID.lowercasedString, $0.passed ? "passed" : "not passed") }),
                                   on: connection)
            return Array(try await assessments.results(group: groupID, on: connection).values).sorted { $0.personID < $1.personID }
        }
    }

    // MARK: Closing

    /// What closing would decide, without closing: for the group's trainers and the inspectorate.
    public func preview(_ groupID: UUID, by actor: Principal) async throws -> GroupClosing {
        try await database.withConnection { connection in
            let group = try await groups.managedGroup(groupID, by: actor, toDo: "preview its closing", on: connection)
            if group.status == .completed { return try await closed(group, on: connection) }
            return try await closing(group, on: connection)
        }
    }

    /// Closes the group: completes it and writes each participant's training record, in one transaction.
    /// A group closes once, after its last session has ended, and — unless `allowIncomplete` — only when every
    /// participant is marked at every session and has the assessment result the rule asks for: a record is
    /// final, and a forgotten sheet should not become someone's "not completed". For a trainer cohort, those
    /// who completed are qualified — or only `qualifying` of them, when the trainers name whom they assessed as ready.
    /// `cohort`: the caller asked to complete a trainer cohort, so a group of another kind is a conflict.
    public func close(
        _ groupID: UUID, qualifying named: [UUID]? = nil, cohort: Bool = false, allowIncomplete: Bool = false,
        by actor: Principal, now: Date = Date()
    ) async throws -> (closing: GroupClosing, qualifications: [TrainerQualification]) {
        try await database.transaction { connection in
            let group = try await groups.lockedGroup(groupID, by: actor, toDo: "close it", on: connection)
            // The group's kind, not the request, is what is wrong: the same request suits a cohort.
            if cohort || named != nil, group.kind != .trainerCohort {
                throw ServiceError.conflict("\(group.code) is a \(group.kind.rawValue) group, not a trainer cohort; close it with POST /v1/groups/{id}/close")
            }
            guard group.status != .completed else {
                throw ServiceError.conflict("\(group.code) is closed already; correct a training record instead")
            }
            guard group.status.canMove(to: .completed) else {
                throw ServiceError.conflict("a group that is \(group.status.rawValue) cannot be closed; it must be in progress")
            }
            if let last = group.liveSessions.map(\.endsAt).max(), last > now {
                throw ServiceError.conflict("the last session ends at \(RigaTime.localText(last)); close the group after it")
            }
            let closing = try await closing(group, on: connection)
            guard closing.incomplete.isEmpty || allowIncomplete else {
                throw ServiceError.conflict(
                    "\(closing.incomplete.joined(separator: "; ")): complete them first, or close with allowIncomplete to record the outcomes as they are"
                )
            }
            let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection)
            let people = closing.outcomes.map(\.personID)
            let placements = try await groups.directory.placements(of: people, on: connection)
            let dates = group.liveSessions.map { CalendarDate.today(now: $0.startsAt) }
            let startsOn = dates.min() ?? CalendarDate.today(now: now)
            let endsOn = dates.max() ?? startsOn
            for outcome in closing.outcomes {
                let placement = placements[outcome.personID]
                _ = try await records.insert(.init(
                    personID: outcome.personID, source: .group, courseVersionID: course.id, courseCode: group.courseCode,
                    courseVersion: group.courseVersion, groupID: group.id, provider: nil, title: group.courseTitle.lv,
                    startsOn: startsOn, endsOn: endsOn, academicHours: outcome.credited, outcome: outcome.outcome,
                    reasons: outcome.reasons, evidenceReference: nil,
                    placement: (placement?.organisationID, placement?.region, placement?.position),
                    supersedes: nil, correctionReason: nil, approved: true
                ), by: actor.auditLabel, account: actor.accountID, on: connection)
            }
            var granted: [TrainerQualification] = []
            if group.kind == .trainerCohort {
                let completed = closing.outcomes.filter { $0.outcome == .completed }.map(\.personID)
                if let named {
                    let strangers = named.filter { !people.contains($0) }
                    guard strangers.isEmpty else {
                        throw ServiceError.validation([FieldProblem("completedPersonIds", "\(strangers.count) of them are not booked into the cohort")])
                    }
                    let short = named.filter { !completed.contains($0) }
                    guard short.isEmpty else {
                        throw ServiceError.validation([FieldProblem("completedPersonIds", "\(short.count) of them did not complete the cohort")])
                    }
                }
                granted = try await qualifications.qualifyFromCohort(
                    group, people: named ?? completed, course: course.definition, by: actor, on: connection
                )
            }
            let completedCount = closing.outcomes.filter { $0.outcome == .completed }.count
            try await groups.complete(groupID, details: ["participants": "\(closing.outcomes.count)", "completed": "\(completedCount)",
                                                         "qualified": "\(granted.count)"], by: actor, on: connection)
            return (GroupClosing(groupID: closing.groupID, groupCode: closing.groupCode, courseCode: closing.courseCode,
                                 courseVersion: closing.courseVersion, courseHours: closing.courseHours,
                                 outcomes: closing.outcomes, incomplete: closing.incomplete, closed: true), granted)
        }
    }

    /// Each booked participant's outcome, as closing now would decide it.
    func closing(_ group: Group, on connection: PostgresConnection) async throws -> GroupClosing {
        let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let summaries = try await attendance.summaries(group: group, on: connection)
        let results = try await assessments.results(group: group.id, on: connection)
        let scheduled = CompletionAssessment.scheduledModules(group.sessions)
        let outcomes = summaries.map { summary in
            let passed = results[summary.personID]?.passed
            let decided = CompletionAssessment.assess(
                .init(credited: summary.credited,
                      modulesAttendedInFull: CompletionAssessment.modulesAttendedInFull(sessions: group.sessions, marks: summary.marks),
                      assessmentPassed: passed),
                rule: course.completion, courseHours: course.academicHours, scheduledModules: scheduled
            )
            return ParticipantOutcome(personID: summary.personID, credited: summary.credited, outcome: decided.outcome,
                                      reasons: decided.reasons, assessmentPassed: passed)
        }
        var incomplete: [String] = []
        for session in group.liveSessions {
            let unmarked = summaries.filter { $0.marks[session.id] == nil }.count
            if unmarked > 0 {
                incomplete.append("\(unmarked) participant(s) not marked at the session of \(RigaTime.localText(session.startsAt))")
            }
        }
        if course.completion.assessmentRequired {
            let missing = summaries.filter { results[$0.personID] == nil }.count
            if missing > 0 { incomplete.append("\(missing) participant(s) without an assessment result") }
        }
        return GroupClosing(groupID: group.id, groupCode: group.code, courseCode: course.code, courseVersion: course.version,
                            courseHours: course.academicHours, outcomes: outcomes, incomplete: incomplete, closed: false)
    }

    /// A closed group's outcomes as its records now say (corrections included).
    private func closed(_ group: Group, on connection: PostgresConnection) async throws -> GroupClosing {
        let course = try await groups.catalogue.version(code: group.courseCode, version: group.courseVersion, on: connection).definition
        let results = try await assessments.results(group: group.id, on: connection)
        let outcomes = try await records.records(group: group.id, on: connection).map {
            ParticipantOutcome(personID: $0.personID, credited: $0.academicHours, outcome: $0.outcome, reasons: $0.reasons,
                               assessmentPassed: results[$0.personID]?.passed)
        }
        return GroupClosing(groupID: group.id, groupCode: group.code, courseCode: course.code, courseVersion: course.version,
                            courseHours: course.academicHours, outcomes: outcomes, incomplete: [], closed: true)
    }
}
