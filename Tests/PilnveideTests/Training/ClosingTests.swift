import Core
import Curriculum
import Directory
import Foundation
import PostgresNIO
import Scheduling
import Testing
import TestSupport
import Training

/// Closing a group: outcomes from the course's rule, previewed, recorded once; corrections that keep history.
@Suite(.freshDatabase) struct ClosingTests {
    let op = SchedulingFixture.operatorActor

    /// A group on `day` with four booked participants, marked so each misses the rule differently but the first:
    /// 0 attends all and passes; 1 attends half; 2 is partly present in module A's session; 3 has no assessment.
    func markedGroup(_ fixture: SchedulingFixture, day: String) async throws -> (Group, [UUID], Date) {
        let group = try await fixture.openGroup(day: day)
        let people = try await fixture.participants(4, prefix: "C\(day.suffix(2))-")
        for person in people { _ = try await fixture.enrolments.enrol(personID: person, in: group.id, by: op) }
        try await fixture.start(group)
        let after = try RigaTime.instant(from: "\(day)T16:30")
        let morning = group.sessions[0].id, afternoon = group.sessions[1].id
        _ = try await fixture.attendance.mark(group: group.id, session: morning, [
            .init(personID: people[0], mark: .present), .init(personID: people[1], mark: .present),
            .init(personID: people[2], mark: .partial(minutes: 150)), .init(personID: people[3], mark: .present),
        ], by: op, now: after)
        _ = try await fixture.attendance.mark(group: group.id, session: afternoon, [
            .init(personID: people[0], mark: .present), .init(personID: people[1], mark: .absent),
            .init(personID: people[2], mark: .present), .init(personID: people[3], mark: .present),
        ], by: op, now: after)
        _ = try await fixture.closings.recordAssessments(people.prefix(3).map { AssessmentResult(personID: $0, passed: true) }, in: group.id, by: op)
        return (try await fixture.groups.group(id: group.id), people, after)
    }

    @Test func closingPreviewsThenRecordsEachOutcomeOnce() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people, after) = try await markedGroup(fixture, day: "2027-05-17")
        let expected: [UUID: [String]] = [
            people[0]: [],
            people[1]: ["attended 4 of 8 academic hours; 80% required"],
            // 150 of 180 minutes of a 4-hour session credits 3 (3.33 rounded down): 7 of 8 is enough, but A is mandatory.
            people[2]: ["module A not attended"],
            people[3]: ["no assessment result recorded"],
        ]
        let preview = try await fixture.closings.preview(group.id, by: op)
        #expect(!preview.closed)
        #expect(Dictionary(uniqueKeysWithValues: preview.outcomes.map { ($0.personID, $0.reasons) }) == expected)
        #expect(preview.outcomes.first { $0.personID == people[2] }?.credited == HoursCredit(hours: 7))

        await #expect(throws: ServiceError.conflict("the last session ends at 2027-05-17T16:00:00+03:00; close the group after it")) {
            try await fixture.closings.close(group.id, by: op, now: try RigaTime.instant(from: "2027-05-17T15:00"))
        }
        let outsider = try await fixture.caller(fixture.coTrainer.id, [.trainer])
        await #expect(throws: ServiceError.forbidden("only the group's trainers and the inspectorate close it")) {
            try await fixture.closings.close(group.id, by: outsider, now: after)
        }
        let lead = try await fixture.caller(fixture.lead.id, [.trainer])
        // The fourth participant has no assessment result: closing says so instead of recording a failure silently.
        #expect(preview.incomplete == ["1 participant(s) without an assessment result"])
        await #expect(throws: ServiceError.conflict("1 participant(s) without an assessment result: complete them first, or close with allowIncomplete to record the outcomes as they are")) {
            try await fixture.closings.close(group.id, by: lead, now: after)
        }
        let (closing, _) = try await fixture.closings.close(group.id, allowIncomplete: true, by: lead, now: after)
        #expect(closing.closed)
        #expect(closing.outcomes == preview.outcomes)
        #expect(try await fixture.groups.group(id: group.id).status == .completed)

        // Closing again is refused, and nothing changes after closing.
        await #expect(throws: ServiceError.conflict("\(group.code) is closed already; correct a training record instead")) {
            try await fixture.closings.close(group.id, allowIncomplete: true, by: op, now: after)
        }
        await #expect(throws: ServiceError.self) {
            try await fixture.attendance.mark(group: group.id, session: group.sessions[0].id, [.init(personID: people[1], mark: .absent)],
                                              reason: "kļūda", by: op, now: after)
        }
        await #expect(throws: ServiceError.self) {
            try await fixture.closings.recordAssessments([AssessmentResult(personID: people[3], passed: true)], in: group.id, by: op)
        }

        // A training record per participant, with what certification needs.
        let records = try await fixture.trainingRecords.records(TrainingRecordFilter(courseCode: fixture.courseCode), page: PageRequest(), by: op)
        #expect(records.total == 4)
        for record in records.items {
            #expect(record.reasons == expected[record.personID])
            #expect(record.outcome == (expected[record.personID]!.isEmpty ? .completed : .notCompleted))
            #expect(record.groupID == group.id && record.groupCode == group.code && record.source == .group)
            #expect(record.courseVersion == 1 && record.startsOn.description == "2027-05-17" && record.endsOn.description == "2027-05-17")
            #expect(record.position == .socialWorker && record.region == .vidzeme && record.organisationID == fixture.court.id)
            #expect(record.counts && record.approvedBy == lead.auditLabel)
        }
        #expect(records.items.first { $0.personID == people[2] }?.academicHours == HoursCredit(hours: 7))
        // Once closed, the preview shows what was decided.
        let after_ = try await fixture.closings.preview(group.id, by: op)
        #expect(after_.closed && Set(after_.outcomes.map(\.reasons)) == Set(expected.values))
    }

    @Test func aCorrectionSupersedesARecordAndBothAreKept() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people, after) = try await markedGroup(fixture, day: "2027-05-18")
        _ = try await fixture.closings.close(group.id, allowIncomplete: true, by: op, now: after)
        let original = try #require(try await fixture.trainingRecords.records(TrainingRecordFilter(personID: people[1]), page: PageRequest(), by: op).items.first)

        await #expect(throws: ServiceError.validation([FieldProblem("reason", "is required")])) {
            try await fixture.trainingRecords.correct(original.id, .init(outcome: .completed, reason: nil), by: op)
        }
        let participant = try await fixture.caller(people[1])
        await #expect(throws: ServiceError.forbidden("only the inspectorate corrects training records")) {
            try await fixture.trainingRecords.correct(original.id, .init(outcome: .completed, reason: "x"), by: participant)
        }
        let corrected = try await fixture.trainingRecords.correct(
            original.id, .init(academicHours: 8, outcome: .completed, reason: "otrās sesijas lapa bija sajaukta"), by: op
        )
        #expect(corrected.supersedes == original.id && corrected.counts && corrected.reasons.isEmpty)
        #expect(corrected.academicHours == HoursCredit(hours: 8) && corrected.correctionReason == "otrās sesijas lapa bija sajaukta")
        // The person's list shows the correction; the record's history shows both.
        let mine = try await fixture.trainingRecords.records(TrainingRecordFilter(personID: people[1]), page: PageRequest(), by: participant)
        #expect(mine.items.map(\.id) == [corrected.id])
        let chain = try await fixture.trainingRecords.record(corrected.id, by: participant)
        #expect(chain.map(\.id) == [corrected.id, original.id])
        #expect(chain[1].supersededBy == corrected.id && !chain[1].counts)
        await #expect(throws: ServiceError.conflict("the record was corrected already by \(corrected.id.uuidString.lowercased()); correct that one")) {
            try await fixture.trainingRecords.correct(original.id, .init(outcome: .notCompleted, reasons: ["x"], reason: "y"), by: op)
        }
        // Records are never deleted or changed in place, whatever the SQL.
        for statement in ["DELETE FROM training_records", "UPDATE training_records SET outcome = 'completed'"] {
            await #expect(throws: PSQLError.self) {
                try await fixture.database.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
        }
    }

    @Test func trainingRecordsAreSeenByRole() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people, after) = try await markedGroup(fixture, day: "2027-05-19")
        _ = try await fixture.closings.close(group.id, allowIncomplete: true, by: op, now: after)
        let chair = try await fixture.person("Priekšsēdētāja", position: .orphansCourtChairperson, organisation: fixture.court.id)
        let chairperson = try await fixture.caller(chair.id, [.orphansCourtChairperson])
        let court = try await fixture.trainingRecords.records(TrainingRecordFilter(), page: PageRequest(), by: chairperson)
        #expect(Set(court.items.map(\.personID)) == Set(people))
        let otherCourt = try await fixture.services.directory.createOrganisation(
            OrganisationDraft(kind: "orphans_court", name: "Citā bāriņtiesa \(fixture.tag)", municipality: "Valka", region: "vidzeme"), by: op
        )
        await #expect(throws: ServiceError.forbidden("a chairperson sees the training records of their own court")) {
            try await fixture.trainingRecords.records(TrainingRecordFilter(organisationID: otherCourt.id), page: PageRequest(), by: chairperson)
        }
        let participant = try await fixture.caller(people[0])
        #expect(try await fixture.trainingRecords.records(TrainingRecordFilter(), page: PageRequest(), by: participant).items.map(\.personID) == [people[0]])
        // A chairperson follows the people who work at the court now: someone who moves on takes their records
        // with them, to their new court's chairperson; the national reports keep where the record was made.
        _ = try await fixture.services.directory.updatePerson(id: people[3], PersonChanges(organisationID: otherCourt.id), by: op)
        let afterMove = try await fixture.trainingRecords.records(TrainingRecordFilter(), page: PageRequest(), by: chairperson)
        #expect(Set(afterMove.items.map(\.personID)) == Set(people.prefix(3)))
        let moved = try #require(court.items.first { $0.personID == people[3] })
        await #expect(throws: ServiceError.self) { try await fixture.trainingRecords.record(moved.id, by: chairperson) }
        #expect(try await fixture.trainingRecords.record(moved.id, by: op)[0].organisationID == fixture.court.id)
        await #expect(throws: ServiceError.self) {
            try await fixture.trainingRecords.records(TrainingRecordFilter(personID: people[1]), page: PageRequest(), by: participant)
        }
        let someone = try #require(court.items.first { $0.personID == people[1] })
        await #expect(throws: ServiceError.self) { try await fixture.trainingRecords.record(someone.id, by: participant) }
        // Filters and paging.
        let page = try await fixture.trainingRecords.records(TrainingRecordFilter(region: .vidzeme, position: .socialWorker,
                                                                                  from: CalendarDate(iso8601: "2027-05-19"), to: CalendarDate(iso8601: "2027-05-19")),
                                                             page: try PageRequest(limit: 2, offset: 0), by: op)
        #expect(page.items.count == 2 && page.total == 4)
        #expect(try await fixture.trainingRecords.records(TrainingRecordFilter(region: .kurzeme), page: PageRequest(), by: op).total == 0)
        // The chairperson sees their court's enrolments across groups too.
        let enrolments = try await fixture.enrolments.courtEnrolments(organisation: nil, by: chairperson)
        #expect(Set(enrolments.map(\.personID)).isSuperset(of: people.prefix(3)) && !enrolments.contains { $0.personID == people[3] })
        await #expect(throws: ServiceError.self) { try await fixture.enrolments.courtEnrolments(organisation: nil, by: participant) }
    }

    @Test func trainingDoneElsewhereCountsOnlyOnceAnotherOfficerApprovesIt() async throws {
        let fixture = try await SchedulingFixture.make()
        let person = try await fixture.participants(1, prefix: "Ārējā")[0]
        let first = try await fixture.caller(try await fixture.person("Inspektore", position: .inspectorateSpecialist).id, [.inspectorateOfficer])
        let second = try await fixture.caller(try await fixture.person("Inspektors", position: .inspectorateSpecialist).id, [.inspectorateOfficer])
        let now = try RigaTime.instant(from: "2027-02-01T10:00")
        let draft = ExternalTrainingDraft(personID: person, provider: "Latvijas Universitāte", title: "Bērnu tiesību aizsardzības pamati",
                                          academicHours: 7.5, completedOn: "2027-01-20", evidenceReference: "apliecība Nr. 12/2027")
        var wrong = draft
        wrong.academicHours = 7.3
        wrong.completedOn = "2027-03-01"
        await #expect(throws: ServiceError.validation([
            FieldProblem("academicHours", "must be more than 0 and at most 2000, in quarter hours (such as 8, 7.5 or 2.25)"),
            FieldProblem("completedOn", "is in the future"),
        ])) { try await fixture.trainingRecords.recordExternal(wrong, by: first, now: now) }

        let pending = try await fixture.trainingRecords.recordExternal(draft, by: first, now: now)
        #expect(!pending.counts && pending.academicHours == HoursCredit(quarters: 30) && pending.source == .external)
        #expect(pending.startsOn.description == "2027-01-20")
        // Waiting records are not among those that count…
        #expect(try await fixture.trainingRecords.records(TrainingRecordFilter(personID: person), page: PageRequest(), by: op).total == 0)
        // …but the person sees theirs waiting.
        let own = try await fixture.caller(person)
        #expect(try await fixture.trainingRecords.records(TrainingRecordFilter(personID: person, includePending: true), page: PageRequest(), by: own).total == 1)

        await #expect(throws: ServiceError.forbidden("another inspectorate officer must approve a record you made")) {
            try await fixture.trainingRecords.approve(pending.id, by: first)
        }
        await #expect(throws: ServiceError.forbidden("only the inspectorate approves training done elsewhere")) {
            try await fixture.trainingRecords.approve(pending.id, by: own)
        }
        let approved = try await fixture.trainingRecords.approve(pending.id, by: second)
        #expect(approved.counts && approved.approvedBy == second.auditLabel)
        await #expect(throws: ServiceError.conflict("the record is approved already")) { try await fixture.trainingRecords.approve(pending.id, by: second) }
        #expect(try await fixture.trainingRecords.records(TrainingRecordFilter(personID: person), page: PageRequest(), by: op).total == 1)
    }

    @Test func aCSVWithOneBadRowImportsNothingAndNamesTheRow() async throws {
        let fixture = try await SchedulingFixture.make()
        let people = try await fixture.participants(2, prefix: "Imports")
        // The people get e-mail addresses, by which the file names them.
        try await fixture.database.withConnection { connection in
            _ = try await connection.query(
                "UPDATE people SET email = lower(given_name) || '-' || \(fixture.tag.lowercased()) || '@example.lv' WHERE id = ANY(\(people))",
                logger: TestDatabase.logger
            )
        }
        let email0 = "imports0-\(fixture.tag.lowercased())@example.lv", email1 = "imports1-\(fixture.tag.lowercased())@example.lv"
        let now = try RigaTime.instant(from: "2027-02-01T10:00")
        let bad = """
        email,provider,title,academic_hours,completed_on,evidence_reference
        \(email0),Rīgas Stradiņa universitāte,"Saruna ar bērnu, kurš cietis",8,2027-01-10,RSU 2027/5
        \(email1),Rīgas Stradiņa universitāte,Saruna ar bērnu,astoņas,2027-01-10,RSU 2027/6
        nav-tada@example.lv,RSU,Saruna ar bērnu,8,2027-01-10,RSU 2027/7
        """
        await #expect(throws: FileProblems([
            FileProblem(line: 3, message: "academic_hours: must be a number such as 8 or 7.5"),
            FileProblem(line: 4, message: "no person in the directory has this e-mail address"),
        ])) { try await fixture.trainingRecords.importExternal(csv: bad, by: op, now: now) }
        // Only these people's records: the suite's other tests record training elsewhere at the same time.
        var theirs = TrainingRecordFilter(source: .external, includePending: true)
        theirs.people = people
        #expect(try await fixture.trainingRecords.records(theirs, page: PageRequest(), by: op).total == 0)

        let good = bad.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n\(email1),RSU,Saruna ar bērnu,\"7,5\",2027-01-11,RSU 2027/6\n"
        let summary = try await fixture.trainingRecords.importExternal(csv: good, by: op, now: now)
        #expect(summary.created == 2)
        let imported = try await fixture.trainingRecords.records(theirs, page: PageRequest(), by: op)
        #expect(Set(imported.items.map(\.title)) == ["Saruna ar bērnu, kurš cietis", "Saruna ar bērnu"])
        #expect(imported.items.allSatisfy { !$0.counts })
    }

    @Test func theNationalSummaryCountsPeopleWhoCompletedByRegionAndPosition() async throws {
        let fixture = try await SchedulingFixture.make()
        let (group, people, after) = try await markedGroup(fixture, day: "2027-05-20")
        #expect(try await fixture.trainingReports.completionSummary(courseCode: fixture.courseCode, by: op).isEmpty)
        _ = try await fixture.closings.close(group.id, allowIncomplete: true, by: op, now: after)
        let summary = try await fixture.trainingReports.completionSummary(courseCode: fixture.courseCode, by: op)
        #expect(summary == [CompletionCount(courseCode: fixture.courseCode, courseVersion: 1, region: .vidzeme, position: .socialWorker, people: 1)])
        #expect(try await fixture.trainingReports.completionSummary(
            courseCode: fixture.courseCode, from: CalendarDate(iso8601: "2027-06-01"), by: op).isEmpty)
        await #expect(throws: ServiceError.forbidden("the national training summary is the inspectorate's")) {
            try await fixture.trainingReports.completionSummary(by: try await fixture.caller(people[0]))
        }
    }
}
