import Core
import Curriculum
import Foundation
import Scheduling
import Training

/// One group and everything that happened in it: sessions on consecutive weekdays from 10:00 Riga time,
/// enrolments, marks for the sessions already held, and — once it has ended — assessment results, the
/// records its closing made (by the course's completion rule, as the closing service decides) and feedback.
extension DemoHistoryBuilder {
    // swiftlint:disable:next function_parameter_count
    mutating func addGroup(
        course: DemoHistory.Course, reference: DemoHistory.CourseRef, code: String, kind: GroupKind, region: PlanningRegion,
        starts: CalendarDate, participants: [UUID], waitlist: [UUID], lead: UUID, coTrainer: UUID?, pilot: Bool, capacity: Int,
        minimumParticipants: Int
    ) -> AddedGroup {
        let definition = course.definition
        let id = random.uuid()
        let dates = Self.sessionDates(of: definition, from: starts)
        let days = dates.map(\.dayNumber)
        var sessions: [DemoHistory.Session] = []
        for (plan, day) in zip(Self.days(of: definition), dates) {
            // Weekdays only: Riga's clocks change on Sunday nights, so 10:00 is always ten hours after midnight.
            let start = RigaTime.startOfDay(day).addingTimeInterval(10 * 3600)
            let minutes = plan.hours * definition.academicHourMinutes + (plan.hours > 4 ? 60 : 0)
            sessions.append(.init(id: random.uuid(), groupID: id, startsAt: start, endsAt: start.addingTimeInterval(Double(minutes * 60)),
                                  academicHours: plan.hours, modules: plan.modules, cancelledAt: nil))
        }
        let firstStart = sessions.first?.startsAt ?? RigaTime.startOfDay(starts)
        let lastEnd = sessions.last?.endsAt ?? firstStart
        let opens = firstStart.addingTimeInterval(-60 * 86_400), closes = firstStart.addingTimeInterval(-7 * 86_400)
        // Nobody is in two groups at once (the services refuse it): people taken on these days are left out.
        let participants = participants.filter { (busy[$0] ?? []).isDisjoint(with: days) }
        let waitlist = waitlist.filter { (busy[$0] ?? []).isDisjoint(with: days) }
        // A few groups of the past were called off.
        let cancelled = kind == .delivery && !pilot && lastEnd < now && random.chance(3)
        let status: GroupStatus =
            if cancelled { .cancelled }
            else if lastEnd < now { .completed }
            else if firstStart < now { .inProgress }
            else if now < opens { .planned }
            else if now > closes, participants.count >= minimumParticipants { .confirmed }
            else { .open }
        if cancelled {
            sessions = sessions.map { .init(id: $0.id, groupID: id, startsAt: $0.startsAt, endsAt: $0.endsAt, academicHours: $0.academicHours,
                                            modules: $0.modules, cancelledAt: closes) }
        }
        // A venue of the region free on those days, else online.
        let venue = kind == .delivery && !pilot && random.chance(15)
            ? nil : Self.venues[region]?.shuffled(using: &random).first { (venueBusy[$0] ?? []).isDisjoint(with: days) }
        history.groups.append(.init(
            id: id, code: code, course: reference, kind: kind, region: region, venue: venue, online: venue == nil, capacity: capacity,
            minimumParticipants: minimumParticipants, registrationOpensAt: opens, registrationClosesAt: closes, pilot: pilot, status: status,
            cancelledReason: cancelled ? "Atcelta lektora slimības dēļ" : nil, leadTrainer: lead, coTrainer: coTrainer
        ))
        history.sessions += sessions
        if !cancelled {
            for person in [lead] + (coTrainer.map { [$0] } ?? []) { busy[person, default: []].formUnion(days) }
            if let venue { venueBusy[venue, default: []].formUnion(days) }
        }

        // Enrolments, once registration has opened: spread from its opening (never later than now); a few people
        // cancel their place, and the waitlist moves up into it as the service would.
        let everyone = status == .planned ? [] : participants + waitlist
        let spacing = min(600, max(1, (min(now, closes).timeIntervalSince(opens)) / Double(everyone.count + 1)))
        var states: [EnrolmentStatus] = everyone.indices.map { index in
            if cancelled || random.chance(3) { .cancelled } else if index >= participants.count { .waitlisted } else { .booked }
        }
        while states.filter({ $0 == .booked }).count < capacity, let waiting = states.firstIndex(of: .waitlisted) {
            states[waiting] = .booked
        }
        var booked: [UUID] = []
        for (index, person) in everyone.enumerated() {
            if states[index] == .booked { booked.append(person) }
            if states[index] != .cancelled { busy[person, default: []].formUnion(days) }
            history.enrolments.append(.init(id: random.uuid(), groupID: id, personID: person, status: states[index],
                                            queuedAt: opens.addingTimeInterval(Double(index + 1) * spacing)))
        }
        guard !cancelled else { return AddedGroup(id: id, status: status, lastEnd: lastEnd) }

        // Marks for the sessions held: most people attend all; a few are often away.
        var marks: [UUID: [UUID: AttendanceMark]] = [:]
        for person in booked {
            let away = random.chance(6) ? 20 : 1
            for session in sessions where session.startsAt < now {
                let mark: AttendanceMark
                let roll = Int.random(in: 0..<100, using: &random)
                let length = Int(session.endsAt.timeIntervalSince(session.startsAt) / 60)
                if roll < away { mark = random.chance(40) ? .excused : .absent }
                else if roll < away + 2 { mark = .partial(minutes: Int.random(in: (length / 3)...(length * 4 / 5), using: &random)) }
                else { mark = .present }
                marks[person, default: [:]][session.id] = mark
                history.marks.append(.init(sessionID: session.id, personID: person, mark: mark, recordedAt: min(session.endsAt, now)))
            }
        }
        guard status == .completed else { return AddedGroup(id: id, status: status, lastEnd: lastEnd) }

        let rule = definition.completion
        var passed: [UUID: Bool] = [:]
        if rule.assessmentRequired {
            for person in booked {
                passed[person] = !random.chance(5)
                history.assessments.append(.init(groupID: id, personID: person, passed: passed[person]!, recordedAt: lastEnd))
            }
        }
        let scheduled = Set(sessions.flatMap(\.modules))
        let startsOn = CalendarDate.today(now: firstStart), endsOn = CalendarDate.today(now: sessions.last?.startsAt ?? firstStart)
        let recordedAt = min(lastEnd.addingTimeInterval(86_400), now)
        var completed = Set<UUID>()
        for person in booked {
            let own = marks[person] ?? [:]
            let credited = sessions.reduce(HoursCredit.zero) { total, session in
                total + CreditedHours.credited(own[session.id] ?? .absent, sessionHours: session.academicHours,
                                               sessionMinutes: Int(session.endsAt.timeIntervalSince(session.startsAt) / 60),
                                               partsPerHour: rule.partsPerHour)
            }
            let inFull = Set(scheduled.filter { module in
                sessions.filter { $0.modules.contains(module) }.allSatisfy { own[$0.id] == .present }
            })
            let (outcome, reasons) = CompletionAssessment.assess(
                .init(credited: credited, modulesAttendedInFull: inFull, assessmentPassed: passed[person]),
                rule: rule, courseHours: definition.academicHours, scheduledModules: scheduled
            )
            history.records.append(.init(id: random.uuid(), personID: person, groupID: id, course: reference, startsOn: startsOn,
                                         endsOn: endsOn, credited: credited, outcome: outcome, reasons: reasons, recordedAt: recordedAt))
            if outcome == .completed { completed.insert(person) }
        }

        // Feedback from about 60% of the participants; the text questions are answered now and then. Who answered is
        // written in another order than the answers, so that nothing links the two.
        var respondents: [DemoHistory.Respondent] = []
        for person in booked where random.chance(60) {
            let answers = definition.questionnaire.items.compactMap { item -> DemoHistory.Answer? in
                switch item.kind {
                case .scale:
                    let roll = Int.random(in: 0..<100, using: &random)
                    let score = roll < 45 ? 5 : roll < 80 ? 4 : roll < 93 ? 3 : roll < 98 ? 2 : 1
                    return .init(item: item.code, score: score, comment: nil)
                case .text:
                    guard random.chance(35) else { return nil }
                    return .init(item: item.code, score: nil, comment: Self.comments.randomElement(using: &random))
                }
            }
            history.responses.append(.init(id: random.uuid(), groupID: id, answers: answers))
            respondents.append(.init(groupID: id, personID: person))
        }
        history.respondents += respondents.shuffled(using: &random)
        return AddedGroup(id: id, status: status, lastEnd: lastEnd, completed: completed)
    }

    /// The weekdays a group starting on `starts` meets, one per day of the course.
    static func sessionDates(of definition: CourseDefinition, from starts: CalendarDate) -> [CalendarDate] {
        var day = starts
        return days(of: definition).map { _ in
            defer { day = weekday(onOrAfter: day.adding(days: 1)) }
            return day
        }
    }

    static func sessionDays(of definition: CourseDefinition, from starts: CalendarDate) -> [Int] {
        sessionDates(of: definition, from: starts).map(\.dayNumber)
    }

    /// A course's days: its modules in order, at most eight academic hours a day, a module split over two days
    /// when it does not fit; hours the modules leave unplanned come last.
    static func days(of definition: CourseDefinition) -> [(hours: Int, modules: [String])] {
        var days: [(hours: Int, modules: [String])] = []
        var hours = 0, modules: [String] = []
        func close() {
            if hours > 0 { days.append((hours, modules)) }
            (hours, modules) = (0, [])
        }
        for module in definition.modules {
            var left = module.academicHours
            while left > 0 {
                let taken = min(left, 8 - hours)
                hours += taken
                left -= taken
                if modules.last != module.code { modules.append(module.code) }
                if hours == 8 { close() }
            }
        }
        close()
        var unplanned = definition.academicHours - days.reduce(0) { $0 + $1.hours }
        while unplanned > 0 {
            days.append((min(8, unplanned), []))
            unplanned -= min(8, unplanned)
        }
        return days
    }
}
