import Core
import Curriculum
import Database
import Directory
import Foundation
import PostgresNIO
import Scheduling
import Training
import Testing
import TestSupport

@Suite(.freshDatabase) struct GroupSchedulingTests {
    let op = SchedulingFixture.operatorActor

    @Test func aTrainerCannotBeInTwoSessionsAtOnce() async throws {
        let fixture = try await SchedulingFixture.make()
        let first = try await fixture.openGroup(day: "2027-06-01")
        var draft = GroupDraft(code: "OTRA-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "riga", leadTrainerID: fixture.lead.id, capacity: 10)
        draft.venue = "Rīgas rātsnams"
        let second = try await fixture.groups.createGroup(draft, by: op)
        let clashing = first.sessions[1]
        await #expect(throws: ServiceError.conflict("a trainer of this group is in session \(clashing.id.uuidString.lowercased()) of group \(first.code) at 2027-06-01T13:00:00+03:00")) {
            try await fixture.sessions.addSession(to: second.id, .init(startsAt: "2027-06-01T14:00", endsAt: "2027-06-01T17:00", academicHours: 4), by: op)
        }
    }

    @Test func aParticipantCannotBeBookedIntoOverlappingSessions() async throws {
        let fixture = try await SchedulingFixture.make()
        let morning = try await fixture.openGroup(day: "2027-06-02")
        let person = try await fixture.participants(1)[0]
        _ = try await fixture.enrolments.enrol(personID: person, in: morning.id, by: op)
        let other = try await fixture.openGroup(day: "2027-06-02", lead: fixture.coTrainer.id)
        await #expect {
            try await fixture.enrolments.enrol(personID: person, in: other.id, by: op)
        } throws: { error in
            guard case ServiceError.conflict(let reason) = error else { return false }
            return reason.hasPrefix("the person is already in session \(morning.sessions[0].id.uuidString.lowercased()) of group \(morning.code) at 2027-06-02T09:00:00+03:00")
        }
        // Refused, it left nothing behind: no enrolment, no history, no audit event.
        #expect(try await fixture.enrolments.enrolments(in: other.id, by: op).isEmpty)
        let audited = try await fixture.database.withConnection { connection in
            try await connection.query(
                "SELECT count(*)::int FROM audit_events WHERE action = 'enrolment.created' AND details->>'group' = \(other.code)",
                logger: TestDatabase.logger
            ).collect()[0].decode(Int.self)
        }
        #expect(audited == 0)
    }

    @Test func enrolmentsOfOnePersonIntoOverlappingGroupsAtOnceLeaveOne() async throws {
        // Each person asks for both groups at the same moment: the person's lock puts one after the other, and the
        // second's clash check sees the first's enrolment once it has committed.
        let fixture = try await SchedulingFixture.make()
        let morning = try await fixture.openGroup(day: "2027-06-04")
        let other = try await fixture.openGroup(day: "2027-06-04", lead: fixture.coTrainer.id)
        let people = try await fixture.participants(12)
        for person in people {
            let outcomes = await withTaskGroup(of: Result<Enrolment, any Error>.self) { tasks in
                for group in [morning.id, other.id] {
                    tasks.addTask {
                        do { return .success(try await fixture.enrolments.enrol(personID: person, in: group, by: op)) }
                        catch { return .failure(error) }
                    }
                }
                return await tasks.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count { (try? $0.get()) != nil } == 1)
            // The other is refused for the clash, not for anything else (a deadlock, say).
            let refusals = outcomes.compactMap { outcome -> String? in
                guard case .failure(ServiceError.conflict(let reason)) = outcome else { return nil }
                return reason
            }
            #expect(refusals.count == 1 && refusals[0].hasPrefix("the person is already in session "))
        }
        let enrolled = try await fixture.enrolments.enrolments(in: morning.id, by: op).count
            + fixture.enrolments.enrolments(in: other.id, by: op).count
        #expect(enrolled == people.count)
    }

    @Test func aVenueCannotBeUsedTwiceAtOnceWhateverItsCase() async throws {
        let fixture = try await SchedulingFixture.make()
        let venue = "Valmieras Drāmas teātris \(fixture.tag)"
        let first = try await fixture.openGroup(day: "2027-06-03", venue: venue)
        var draft = GroupDraft(code: "ZALE-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "vidzeme", leadTrainerID: fixture.coTrainer.id, capacity: 10)
        draft.venue = venue.uppercased()
        let second = try await fixture.groups.createGroup(draft, by: op)
        await #expect(throws: ServiceError.conflict("\(venue.uppercased()) is taken by session \(first.sessions[0].id.uuidString.lowercased()) of group \(first.code) at 2027-06-03T09:00:00+03:00")) {
            try await fixture.sessions.addSession(to: second.id, .init(startsAt: "2027-06-03T11:00", endsAt: "2027-06-03T12:30", academicHours: 2), by: op)
        }
        // Right after it is fine.
        _ = try await fixture.sessions.addSession(to: second.id, .init(startsAt: "2027-06-03T16:00", endsAt: "2027-06-03T19:00", academicHours: 4), by: op)
    }

    @Test func sessionsOnTheDaylightSavingSundaysAreStoredInUTC() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.onlineGroup("DST-\(fixture.tag)", region: "kurzeme")
        _ = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-03-28T02:00", endsAt: "2027-03-28T05:00", academicHours: 2), by: op)
        let stored = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-10-31T02:00", endsAt: "2027-10-31T05:00", academicHours: 5), by: op)
        let utc = ISO8601DateFormatter()
        #expect(stored.sessions.map { utc.string(from: $0.startsAt) } == ["2027-03-28T00:00:00Z", "2027-10-30T23:00:00Z"])
        #expect(stored.sessions.map { utc.string(from: $0.endsAt) } == ["2027-03-28T02:00:00Z", "2027-10-31T03:00:00Z"])
        await #expect(throws: ServiceError.validation([FieldProblem("startsAt", "2027-03-28T03:30 does not exist in Riga: the clocks jump from 03:00 to 04:00 that night")])) {
            try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-03-28T03:30", endsAt: "2027-03-28T06:00", academicHours: 2), by: op)
        }
    }

    @Test func aSessionCannotStartBeforeItsCourseVersionTakesEffect() async throws {
        let fixture = try await SchedulingFixture.make()
        let group = try await fixture.onlineGroup("AGRI-\(fixture.tag)", region: "zemgale")
        // The fixture's version takes effect on 2027-01-01: the evening before (Riga time) is too early, its first
        // morning is not, whatever the UTC date of either.
        await #expect(throws: ServiceError.validation([FieldProblem(
            "startsAt", "version 1 of \(fixture.courseCode) takes effect on 2027-01-01; a session cannot start before it"
        )])) {
            try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2026-12-31T23:30", endsAt: "2027-01-01T01:00", academicHours: 2), by: op)
        }
        let stored = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-01-01T00:30", endsAt: "2027-01-01T02:00", academicHours: 2), by: op)
        #expect(stored.liveSessions.count == 1)
        // The API answers the same with 422 (FieldProblem → validation problem), and a schedule plan cannot do it either.
    }

    @Test func aGroupOpensOnlyWhenItsSessionsCoverTheCourse() async throws {
        let fixture = try await SchedulingFixture.make()
        var draft = GroupDraft(code: "DALEJA-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "zemgale", leadTrainerID: fixture.lead.id, capacity: 10)
        draft.venue = "Jelgavas pils \(fixture.tag)"
        let group = try await fixture.groups.createGroup(draft, by: op)
        _ = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-06-04T09:00", endsAt: "2027-06-04T12:00", academicHours: 4), by: op)
        await #expect(throws: ServiceError.conflict("the sessions credit 4 academic hours, but \(fixture.courseCode) has 8; schedule them all before opening")) {
            try await fixture.groups.changeStatus(of: group.id, to: .open, reason: nil, by: op)
        }
        await #expect(throws: ServiceError.validation([FieldProblem("reason", "is required to cancel a group")])) {
            try await fixture.groups.changeStatus(of: group.id, to: .cancelled, reason: nil, by: op)
        }
        let cancelled = try await fixture.groups.changeStatus(of: group.id, to: .cancelled, reason: "telpas nav pieejamas", by: op)
        #expect(cancelled.status == .cancelled && cancelled.cancelledReason == "telpas nav pieejamas")
        #expect(cancelled.sessions.allSatisfy { $0.cancelledAt != nil && $0.sequence == 1 })
    }

    @Test func onlyAQualifiedTrainerLeadsAndAProvisionalOneOnlyWithASupervisor() async throws {
        let fixture = try await SchedulingFixture.make(supervised: true)
        let newcomer = try await fixture.person("Jauna", position: .trainer)
        var draft = GroupDraft(code: "JAUNA-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "latgale", leadTrainerID: newcomer.id, capacity: 10)
        draft.venue = "Daugavpils \(fixture.tag)"
        await #expect(throws: ServiceError.validation([FieldProblem("leadTrainerId", "the lead trainer is not qualified to lead \(fixture.courseCode) version 1")])) {
            try await fixture.groups.createGroup(draft, by: op)
        }
        let provisional = try await fixture.qualifications.grant(personID: newcomer.id, courseCode: fixture.courseCode, fromVersion: 1,
                                                                  provisional: true, reason: "pabeidza apmācību", by: op)
        #expect(provisional.status == .provisional)
        await #expect(throws: ServiceError.validation([FieldProblem("coTrainerIds", "the lead trainer's qualification is provisional: a fully qualified co-trainer must supervise this delivery")])) {
            try await fixture.groups.createGroup(draft, by: op)
        }
        draft.coTrainerIDs = [fixture.coTrainer.id]
        let group = try await fixture.groups.createGroup(draft, by: op)
        _ = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-09-01T09:00", endsAt: "2027-09-01T12:00", academicHours: 4, modules: ["A"]), by: op)
        _ = try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-09-01T13:00", endsAt: "2027-09-01T16:00", academicHours: 4), by: op)
        _ = try await fixture.groups.changeStatus(of: group.id, to: .open, reason: nil, by: op)
        _ = try await fixture.enrolments.enrol(personID: try await fixture.participants(1)[0], in: group.id, by: op)
        for status in [GroupStatus.confirmed, .inProgress] {
            _ = try await fixture.groups.changeStatus(of: group.id, to: status, reason: nil, by: op)
        }
        let supervisor = try await fixture.caller(fixture.coTrainer.id, [.trainer])
        await #expect(throws: ServiceError.conflict("a sign-off needs a completed delivery with participants (this group is in_progress, 1 booked)")) {
            try await fixture.qualifications.signOff(provisional.id, deliveredIn: group.id, by: supervisor)
        }
        _ = try await fixture.closings.close(group.id, allowIncomplete: true, by: op, now: try RigaTime.instant(from: "2027-09-02T09:00"))
        // The supervising co-trainer signs the delivery off; then the qualification is full.
        let signed = try await fixture.qualifications.signOff(provisional.id, deliveredIn: group.id, by: supervisor)
        #expect(signed.status == .qualified && signed.signedOffAt != nil)

        // The inspectorate can withdraw it, with a reason; then the trainer cannot lead.
        let withdrawn = try await fixture.qualifications.withdraw(provisional.id, reason: "sūdzības par kvalitāti", by: op)
        #expect(withdrawn.status == .withdrawn && withdrawn.withdrawnReason == "sūdzības par kvalitāti")
        draft.code = "VELREIZ-\(fixture.tag)"
        draft.coTrainerIDs = []
        await #expect(throws: ServiceError.self) { try await fixture.groups.createGroup(draft, by: op) }
    }

    @Test func completingATrainerCohortQualifiesItsParticipants() async throws {
        let fixture = try await SchedulingFixture.make(supervised: true)
        let trainees = try await fixture.participants(3, prefix: "Topošais")
        let cohort = try await fixture.openGroup { $0.kind = .trainerCohort }
        for trainee in trainees {
            // Asked for by the inspectorate, so booked at once (a person's own request would wait for approval).
            #expect(try await fixture.enrolments.enrol(personID: trainee, in: cohort.id, by: op).status == .booked)
        }
        for status in [GroupStatus.confirmed, .inProgress] {
            _ = try await fixture.groups.changeStatus(of: cohort.id, to: status, reason: nil, by: op)
        }
        // Two attend both sessions; the third only the first, 4 of 8 hours, under the course's 80 %.
        let afterwards = try RigaTime.instant(from: "2027-05-11T09:00")
        await #expect(throws: ServiceError.conflict("marking opens at 2027-05-10T08:30:00+03:00, 30 minutes before the session")) {
            try await fixture.attendance.mark(group: cohort.id, session: cohort.sessions[0].id, [.init(personID: trainees[0], mark: .present)],
                                              by: op, now: try RigaTime.instant(from: "2027-05-10T08:00"))
        }
        for (index, session) in cohort.sessions.enumerated() {
            _ = try await fixture.attendance.mark(
                group: cohort.id, session: session.id,
                [.init(personID: trainees[0], mark: .present), .init(personID: trainees[1], mark: .present),
                 .init(personID: trainees[2], mark: index == 0 ? .present : .absent)], by: op, now: afterwards
            )
        }
        await #expect(throws: ServiceError.validation([FieldProblem("entries", "name each person once")])) {
            try await fixture.attendance.mark(group: cohort.id, session: cohort.sessions[0].id,
                                              [.init(personID: trainees[0], mark: .present), .init(personID: trainees[0], mark: .absent)],
                                              by: op, now: afterwards)
        }
        await #expect(throws: ServiceError.self) {
            try await fixture.groups.changeStatus(of: cohort.id, to: .completed, reason: nil, by: op)
        }
        let attendance = try await fixture.attendance.attendance(of: cohort.id, by: op)
        #expect(Dictionary(uniqueKeysWithValues: attendance.map { ($0.personID, $0.credited) })
            == [trainees[0]: HoursCredit(hours: 8), trainees[1]: HoursCredit(hours: 8), trainees[2]: HoursCredit(hours: 4)])
        _ = try await fixture.closings.recordAssessments(trainees.map { AssessmentResult(personID: $0, passed: true) }, in: cohort.id, by: op)
        await #expect(throws: ServiceError.validation([FieldProblem("completedPersonIds", "1 of them did not complete the cohort")])) {
            try await fixture.closings.close(cohort.id, qualifying: [trainees[2]], by: op, now: afterwards)
        }
        let (closing, granted) = try await fixture.closings.close(cohort.id, by: op, now: afterwards)
        #expect(Set(granted.map(\.personID)) == Set(trainees.prefix(2)))
        #expect(granted.allSatisfy { $0.status == .provisional && $0.fromVersion == 1 && $0.courseCode == fixture.courseCode })
        #expect(try await fixture.groups.group(id: cohort.id).status == .completed)
        #expect(try await fixture.qualifications.qualifications(of: trainees[2]).isEmpty)
        // The cohort's participants have training records too.
        #expect(closing.outcomes.filter { $0.outcome == .completed }.count == 2)
        let third = try await fixture.trainingRecords.records(TrainingRecordFilter(personID: trainees[2]), page: PageRequest(), by: op)
        #expect(third.items.map(\.reasons) == [["attended 4 of 8 academic hours; 80% required"]])
    }

    @Test func thePilotReportSaysWhetherTheRuleIsMet() async throws {
        let fixture = try await SchedulingFixture.make(pilotMinimum: 3)
        let vidzeme = try await fixture.openGroup(day: "2027-06-10", capacity: 5, region: "vidzeme", pilot: true)
        let people = try await fixture.participants(6)
        for person in people.prefix(3) { _ = try await fixture.enrolments.enrol(personID: person, in: vidzeme.id, by: op) }
        for status in [GroupStatus.confirmed, .inProgress] { _ = try await fixture.groups.changeStatus(of: vidzeme.id, to: status, reason: nil, by: op) }
        var report = try await fixture.trainingReports.pilotReport(by: op).first { $0.courseCode == fixture.courseCode }!
        #expect(!report.evaluation.isMet)
        #expect(report.evaluation.shortfall == ["1 more pilot group(s) run with at least 3 participants", "pilot groups in 1 more region(s)"])

        let latgale = try await fixture.openGroup(day: "2027-06-11", capacity: 5, region: "latgale", lead: fixture.coTrainer.id, pilot: true)
        for person in people.suffix(3) { _ = try await fixture.enrolments.enrol(personID: person, in: latgale.id, by: op) }
        // Booked is not yet run: the rule counts groups in progress or completed.
        report = try await fixture.trainingReports.pilotReport(by: op).first { $0.courseCode == fixture.courseCode }!
        #expect(!report.evaluation.isMet)
        try await fixture.start(latgale)
        let after = try RigaTime.instant(from: "2027-06-12T09:00")
        try await fixture.markAll(latgale, [people[3]: .present, people[4]: .present, people[5]: .absent], now: after)
        _ = try await fixture.closings.recordAssessments(people.suffix(3).map { AssessmentResult(personID: $0, passed: true) }, in: latgale.id, by: op)
        _ = try await fixture.closings.close(latgale.id, by: op, now: after)
        report = try await fixture.trainingReports.pilotReport(by: op).first { $0.courseCode == fixture.courseCode }!
        #expect(report.evaluation.isMet)
        #expect(report.evaluation.regions == [.vidzeme, .latgale])
        #expect(report.evaluation.groups.map(\.participants) == [3, 3])
        // Only the closed group has people who completed: two of its three.
        #expect(Dictionary(uniqueKeysWithValues: report.evaluation.groups.map { ($0.region, $0.completed) }) == [.vidzeme: 0, .latgale: 2])
        #expect(vidzeme.minimumParticipants == 3)  // taken from the course's pilot rule
    }

    @Test func aGroupBelowItsMinimumSoonRaisesOneWarning() async throws {
        let fixture = try await SchedulingFixture.make(pilotMinimum: 4)
        let group = try await fixture.openGroup(day: "2027-07-01", pilot: true)
        _ = try await fixture.enrolments.enrol(personID: try await fixture.participants(1)[0], in: group.id, by: op)
        let tenDaysBefore = try RigaTime.instant(from: "2027-06-21T09:00")
        #expect(try await fixture.outbox.warnGroupsBelowMinimum(daysBefore: 7, now: tenDaysBefore) == 0)
        let fiveDaysBefore = try RigaTime.instant(from: "2027-06-26T09:00")
        #expect(try await fixture.outbox.warnGroupsBelowMinimum(daysBefore: 7, now: fiveDaysBefore) >= 1)
        #expect(try await fixture.outbox.warnGroupsBelowMinimum(daysBefore: 7, now: fiveDaysBefore) == 0)
        let warning = try #require(try await fixture.outbox.outbox().first { $0.groupID == group.id && $0.kind == "group_below_minimum" })
        // For the lead trainer, Latvian first, the time as Riga reads it.
        #expect(warning.personID == fixture.lead.id)
        #expect(warning.subject == "Grupā \(group.code) ir par maz dalībnieku / Group \(group.code) is below its minimum")
        #expect(warning.body.contains("pieteikti 1 no vismaz 4 dalībniekiem.\nPirmā nodarbība: 01.07.2027. plkst. 09:00."))
        #expect(warning.body.contains("has 1 of at least 4 participants booked.\nThe first session: 1 July 2027, 09:00."))
        let lv = try #require(warning.body.range(of: "Labdien")), en = try #require(warning.body.range(of: "Hello"))
        #expect(lv.lowerBound < en.lowerBound)
    }

    @Test func aParticipantWhoTrainsElsewhereClashesWhenASessionIsAdded() async throws {
        let fixture = try await SchedulingFixture.make()
        // The co-trainer takes part in one group, and leads another at an overlapping time.
        let participantGroup = try await fixture.openGroup(day: "2027-06-20")
        _ = try await fixture.enrolments.enrol(personID: fixture.coTrainer.id, in: participantGroup.id, by: op)
        var draft = GroupDraft(code: "KOLIZIJA-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "riga", leadTrainerID: fixture.coTrainer.id, capacity: 10)
        draft.online = true
        let led = try await fixture.groups.createGroup(draft, by: op)
        await #expect(throws: ServiceError.conflict("a trainer of this group is in session \(participantGroup.sessions[0].id.uuidString.lowercased()) of group \(participantGroup.code) at 2027-06-20T09:00:00+03:00")) {
            try await fixture.sessions.addSession(to: led.id, .init(startsAt: "2027-06-20T10:00", endsAt: "2027-06-20T12:15", academicHours: 3), by: op)
        }
    }

    @Test func aCohortIsLedByAFullyQualifiedTrainerAndSessionsNeverExceedTheCourse() async throws {
        let fixture = try await SchedulingFixture.make(supervised: true)
        let newcomer = try await fixture.person("Jaunais", position: .trainer)
        _ = try await fixture.qualifications.grant(personID: newcomer.id, courseCode: fixture.courseCode, fromVersion: 1,
                                                    provisional: true, reason: "tests", by: op)
        var draft = GroupDraft(code: "KOHORTA-\(fixture.tag)", courseCode: fixture.courseCode, courseVersion: 1,
                                            region: "riga", leadTrainerID: newcomer.id, capacity: 10)
        draft.kind = .trainerCohort
        draft.online = true
        draft.coTrainerIDs = [fixture.lead.id]
        await #expect(throws: ServiceError.validation([FieldProblem("leadTrainerId", "a trainer cohort is led by a fully qualified trainer; this one's qualification is provisional")])) {
            try await fixture.groups.createGroup(draft, by: op)
        }
        let group = try await fixture.openGroup(day: "2027-06-21")
        await #expect(throws: ServiceError.self) {
            try await fixture.sessions.addSession(to: group.id, .init(startsAt: "2027-06-22T09:00", endsAt: "2027-06-22T10:30", academicHours: 2), by: op)
        }
    }
}
