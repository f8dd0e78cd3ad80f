import App
import Core
import Curriculum
import Demo
import Foundation
import Scheduling
import Testing
import Training

/// Five years of synthetic training: the same seed makes the same history, and the history keeps the rules the
/// services keep — capacity, the pilot rule, whole courses scheduled, marks only for sessions held, outcomes
/// by the course's completion rule, supervised first deliveries.
struct DemoHistoryTests {
    static let now = try! RigaTime.instant(from: "2026-11-29T12:00:00+02:00")
    static let today = CalendarDate.today(now: now)
    static let courses = try! CourseCatalogue.load(from: InstallationLayout.locate().courses.path).definitions
        .enumerated().map { index, definition in
            DemoHistory.Course(versionID: UUID(uuidString: "00000000-0000-4000-8000-\(String(format: "%012d", index))")!, definition: definition)
        }
    static let directory = DemoDirectory.generate(scale: 1, seed: 5, today: today)
    static let history = DemoHistory.generate(directory: directory, courses: courses, seed: 5, today: today, now: now)

    @Test func theSameSeedMakesTheSameHistoryAndAnotherSeedOther() {
        let again = DemoHistory.generate(directory: Self.directory, courses: Self.courses, seed: 5, today: Self.today, now: Self.now)
        let other = DemoHistory.generate(directory: Self.directory, courses: Self.courses, seed: 6, today: Self.today, now: Self.now)
        #expect(again == Self.history)
        #expect(other.groups.map(\.id) != Self.history.groups.map(\.id))
    }

    @Test func everyCourseRunsWhereItsAudienceWorksOverFiveYearsWithSomeGroupsStillToCome() {
        let history = Self.history
        #expect(Set(history.groups.map(\.code)).count == history.groups.count)
        let regionOf = Dictionary(uniqueKeysWithValues: Self.directory.organisations.compactMap { org in org.region.map { (org.id, $0) } })
        for course in Self.courses {
            // Where its audience works: every region for the courts' courses, Rīga for the inspectorate's.
            let audience = Set(Self.directory.people.filter { course.definition.audiences.contains($0.position) }
                .compactMap { regionOf[$0.organisationID] })
            let groups = history.groups.filter { $0.course.versionID == course.versionID && $0.kind == .delivery }
            #expect(Set(groups.map(\.region)) == audience, "\(course.definition.code)")
            #expect(history.groups.filter { $0.course.versionID == course.versionID && $0.kind == .trainerCohort }.count == 1)
        }
        #expect(Set(history.groups.map(\.region)) == Set(PlanningRegion.allCases))
        let statuses = Set(history.groups.map(\.status))
        #expect(statuses.isSuperset(of: [.completed, .cancelled, .open, .inProgress]), "\(statuses)")
        let first = history.sessions.map(\.startsAt).min()!, last = history.sessions.map(\.startsAt).max()!
        #expect(first < RigaTime.startOfDay(Self.today.adding(years: -4).adding(months: -6)) && last > Self.now)
        // National scale: hundreds of groups, thousands of places.
        #expect((300...3_000).contains(history.groups.count), "\(history.groups.count)")
        #expect(history.enrolments.count > 5_000, "\(history.enrolments.count)")
    }

    @Test func pilotGroupsKeepTheirCourseRule() throws {
        for course in Self.courses {
            let pilots = Self.history.groups.filter { $0.course.versionID == course.versionID && $0.pilot }
            guard let rule = course.definition.pilot else {
                #expect(pilots.isEmpty)
                continue
            }
            #expect(pilots.count == rule.groups)
            #expect(Set(pilots.map(\.region)).count >= rule.regions)
            for group in pilots {
                let booked = Self.history.enrolments.filter { $0.groupID == group.id && $0.status != .cancelled }
                #expect(booked.count >= rule.minimumParticipants, "\(group.code)")
            }
            // The pilots come first: no other group of the course starts before the last pilot.
            let sessions = Dictionary(grouping: Self.history.sessions, by: \.groupID)
            let lastPilot = pilots.compactMap { sessions[$0.id]?.first?.startsAt }.max()!
            let others = Self.history.groups.filter { $0.course.versionID == course.versionID && !$0.pilot && $0.kind == .delivery }
            #expect(others.allSatisfy { (sessions[$0.id]?.first?.startsAt ?? .distantFuture) > lastPilot })
        }
        #expect(Self.courses.contains { $0.definition.pilot != nil })
    }

    @Test func groupsAreNeverOverbookedAndWaitOnlyWhenFull() {
        let enrolments = Dictionary(grouping: Self.history.enrolments, by: \.groupID)
        for group in Self.history.groups {
            let own = enrolments[group.id] ?? []
            let booked = own.filter { $0.status == .booked }.count
            #expect(booked <= group.capacity, "\(group.code)")
            if own.contains(where: { $0.status == .waitlisted }) { #expect(booked == group.capacity || group.status == .cancelled) }
            #expect(Set(own.filter { $0.status != .cancelled }.map(\.personID)).count == own.filter { $0.status != .cancelled }.count)
            if group.status == .cancelled { #expect(own.allSatisfy { $0.status == .cancelled } && group.cancelledReason != nil) }
        }
    }

    @Test func sessionsScheduleTheWholeCourseOnWeekdaysAndMarksOnlyThoseHeld() {
        let byGroup = Dictionary(grouping: Self.history.sessions, by: \.groupID)
        let course = Dictionary(uniqueKeysWithValues: Self.courses.map { ($0.versionID, $0.definition) })
        for group in Self.history.groups {
            let sessions = byGroup[group.id] ?? []
            #expect(sessions.reduce(0) { $0 + $1.academicHours } == course[group.course.versionID]!.academicHours, "\(group.code)")
            for session in sessions {
                #expect(RigaTime.localText(session.startsAt).contains("T10:00:00"))
                let weekday = Calendar(identifier: .gregorian).dateComponents(in: RigaTime.zone, from: session.startsAt).weekday!
                #expect((2...6).contains(weekday))
            }
        }
        let sessions = Dictionary(uniqueKeysWithValues: Self.history.sessions.map { ($0.id, $0) })
        let groups = Dictionary(uniqueKeysWithValues: Self.history.groups.map { ($0.id, $0) })
        for mark in Self.history.marks {
            let session = sessions[mark.sessionID]!
            #expect(session.startsAt < Self.now && session.cancelledAt == nil)
            #expect(groups[session.groupID]!.status != .cancelled)
        }
        #expect(Set(Self.history.marks.map(\.mark.status)) == ["present", "partial", "absent", "excused"])
    }

    @Test func closedGroupsHaveARecordPerParticipantDecidedByTheCompletionRule() {
        let groups = Dictionary(uniqueKeysWithValues: Self.history.groups.map { ($0.id, $0) })
        let course = Dictionary(uniqueKeysWithValues: Self.courses.map { ($0.versionID, $0.definition) })
        let booked = Dictionary(grouping: Self.history.enrolments.filter { $0.status == .booked }, by: \.groupID)
        let records = Dictionary(grouping: Self.history.records, by: \.groupID)
        for group in Self.history.groups {
            let own = records[group.id] ?? []
            if group.status == .completed {
                #expect(Set(own.map(\.personID)) == Set((booked[group.id] ?? []).map(\.personID)), "\(group.code)")
            } else {
                #expect(own.isEmpty, "\(group.code) is \(group.status)")
            }
        }
        for record in Self.history.records {
            let definition = course[groups[record.groupID]!.course.versionID]!
            let enough = record.credited.quarters * 100 >= definition.completion.minimumAttendancePercent * definition.academicHours * 4
            #expect((record.outcome == .completed) == record.reasons.isEmpty)
            if !enough { #expect(record.outcome == .notCompleted) }
            #expect(record.startsOn <= record.endsOn && record.endsOn <= Self.today && record.recordedAt <= Self.now)
        }
        let outcomes = Set(Self.history.records.map(\.outcome))
        #expect(outcomes == [.completed, .notCompleted])
    }

    @Test func feedbackComesFromParticipantsOfClosedGroupsAndTrainersAreQualifiedByCohorts() {
        let groups = Dictionary(uniqueKeysWithValues: Self.history.groups.map { ($0.id, $0) })
        let booked = Set(Self.history.enrolments.filter { $0.status == .booked }.map { "\($0.groupID) \($0.personID)" })
        for respondent in Self.history.respondents {
            #expect(groups[respondent.groupID]!.status == .completed && booked.contains("\(respondent.groupID) \(respondent.personID)"))
        }
        #expect(Dictionary(grouping: Self.history.respondents, by: \.groupID).mapValues(\.count)
            == Dictionary(grouping: Self.history.responses, by: \.groupID).mapValues(\.count))
        #expect(Self.history.responses.allSatisfy { response in
            response.answers.allSatisfy { ($0.score == nil) != ($0.comment == nil) && ($0.score.map { (1...5).contains($0) } ?? true) }
        })
        // A sign-off: a closed group the trainee led with the master who signed them off beside them.
        let definition = Dictionary(uniqueKeysWithValues: Self.courses.map { ($0.versionID, $0.definition) })
        let signedOff = Self.history.qualifications.compactMap { qualification in qualification.signedOff.map { (qualification, $0) } }
        #expect(!signedOff.isEmpty)
        for (qualification, signOff) in signedOff {
            let group = groups[signOff.group]!
            #expect(group.status == .completed && group.leadTrainer == qualification.personID && group.coTrainer == signOff.by)
            #expect(definition[group.course.versionID]!.trainerQualification.qualifiedFor == qualification.courseCode)
            #expect(groups[qualification.cohortGroupID!]!.kind == .trainerCohort && !qualification.provisional)
        }
        // Only those who completed their cohort are qualified, and provisionally only where the course asks for supervision.
        let completed = Set(Self.history.records.filter { $0.outcome == .completed }.map { "\($0.groupID) \($0.personID)" })
        for qualification in Self.history.qualifications {
            guard let cohort = qualification.cohortGroupID else { continue }
            #expect(completed.contains("\(cohort) \(qualification.personID)"))
            let rule = definition[groups[cohort]!.course.versionID]!.trainerQualification
            if !rule.supervisedFirstDelivery { #expect(!qualification.provisional && qualification.signedOff == nil) }
        }
        // Every delivery is led by someone qualified for its course, supervised by a master until signed off.
        let byPerson = Dictionary(grouping: Self.history.qualifications, by: \.personID)
        let masters = Set(Self.history.qualifications.filter { $0.cohortGroupID == nil }.map(\.personID))
        let firstSession = Dictionary(grouping: Self.history.sessions, by: \.groupID).mapValues { $0.map(\.startsAt).min()! }
        for group in Self.history.groups where group.kind == .delivery {
            let rule = definition[group.course.versionID]!.trainerQualification
            let held = byPerson[group.leadTrainer]?.first { $0.courseCode == rule.qualifiedFor }
            #expect(held != nil, "\(group.code)")
            if rule.supervisedFirstDelivery, !masters.contains(group.leadTrainer),
               held?.signedOff.map({ $0.at >= firstSession[group.id]! }) ?? true {
                #expect(group.coTrainer.map(masters.contains) == true, "\(group.code) is led by a provisional trainer without a master")
            }
        }
    }

    @Test func nobodyAndNoVenueIsInTwoGroupsOnOneDay() {
        let days = Dictionary(grouping: Self.history.sessions.filter { $0.cancelledAt == nil }, by: \.groupID)
            .mapValues { Set($0.map { CalendarDate.today(now: $0.startsAt) }) }
        var taken: [String: Set<CalendarDate>] = [:]
        func take(_ who: String, _ group: UUID) {
            let own = days[group] ?? []
            #expect(taken[who, default: []].isDisjoint(with: own), "\(who) is in two groups on one day")
            taken[who, default: []].formUnion(own)
        }
        for group in Self.history.groups where group.status != .cancelled {
            take("trainer \(group.leadTrainer)", group.id)
            if let co = group.coTrainer { take("trainer \(co)", group.id) }
            if let venue = group.venue { take("venue \(venue)", group.id) }
        }
        for enrolment in Self.history.enrolments where enrolment.status != .cancelled {
            take("trainer \(enrolment.personID)", enrolment.groupID)
        }
        // Enrolment waits for registration, and nothing is dated after now.
        let groups = Dictionary(uniqueKeysWithValues: Self.history.groups.map { ($0.id, $0) })
        #expect(Self.history.enrolments.allSatisfy { groups[$0.groupID]!.status != .planned && $0.queuedAt <= Self.now })
        #expect(Self.history.marks.allSatisfy { $0.recordedAt <= Self.now })
    }
}
