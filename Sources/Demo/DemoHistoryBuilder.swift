import Core
import Curriculum
import Foundation
import Scheduling
import Training

/// Makes a `DemoHistory`: one course at a time, its trainer cohort first, then its pilot groups, then the
/// groups of five years in each region. A stream of its own keeps the directory's data the same whatever
/// the history draws.
struct DemoHistoryBuilder {
    let today: CalendarDate
    let now: Date
    var random: SeededRandom
    var history = DemoHistory()
    /// The days each person (trainer or participant) and each venue is already taken: no one is in two places.
    var busy: [UUID: Set<Int>] = [:]
    var venueBusy: [String: Set<Int>] = [:]

    let people: [DemoDirectory.Person]
    let regionOf: [UUID: PlanningRegion]
    /// The trainers who wrote the programmes: qualified directly, they train the cohorts and supervise first deliveries.
    let masters: [UUID]
    let trainees: [UUID]

    init(directory: DemoDirectory, seed: UInt64, today: CalendarDate, now: Date) {
        self.today = today
        self.now = now
        random = SeededRandom(seed: seed ^ 0x6869_7374_6F72_7921)
        let organisationRegion = Dictionary(uniqueKeysWithValues: directory.organisations.compactMap { org in org.region.map { (org.id, $0) } })
        people = directory.people
        regionOf = Dictionary(uniqueKeysWithValues: directory.people.compactMap { person in
            organisationRegion[person.organisationID].map { (person.id, $0) }
        })
        let trainers = directory.people.filter { $0.position == .trainer }.map(\.id)
        let masterCount = max(2, trainers.count / 10)
        masters = Array(trainers.prefix(masterCount))
        trainees = Array(trainers.dropFirst(masterCount))
    }

    static let venues: [PlanningRegion: [String]] = [
        .riga: ["Rīga, Ķīpsalas iela 6", "Rīga, Brīvības iela 58", "Jūrmala, Jomas iela 1/5"],
        .kurzeme: ["Liepāja, Rožu laukums 5", "Ventspils, Jūras iela 36", "Kuldīga, Baznīcas iela 1"],
        .latgale: ["Daugavpils, Saules iela 1", "Rēzekne, Atbrīvošanas aleja 93", "Ludza, Raiņa iela 16"],
        .vidzeme: ["Valmiera, Cēsu iela 4", "Cēsis, Raunas iela 4", "Gulbene, Ābeļu iela 2"],
        .zemgale: ["Jelgava, Lielā iela 11", "Bauska, Uzvaras iela 1", "Dobele, Brīvības iela 17"],
    ]
    static let comments = [
        "Ļoti noderīgi gadījumu piemēri no bāriņtiesu prakses.", "Vairāk laika praktiskajiem uzdevumiem.",
        "Lektori atbildēja uz visiem jautājumiem.", "Gribētos vairāk par saziņu ar bērnu.",
        "Materiālus vajadzētu saņemt pirms mācībām.", "Diskusijas ar kolēģiem no citiem novadiem bija vērtīgas.",
        "Tiešsaistes daļā bija traucējumi ar skaņu.", "Labi strukturēts, skaidri piemēri.",
    ]

    mutating func build(courses: [DemoHistory.Course]) {
        // Each trainee is trained for two courses; the masters for all.
        var qualified: [String: [UUID]] = [:]
        for (index, trainee) in trainees.enumerated() where !courses.isEmpty {
            for offset in 0..<min(2, courses.count) {
                qualified[courses[(index + offset) % courses.count].definition.code, default: []].append(trainee)
            }
        }
        let historyStarts = today.adding(years: -5)
        for (index, course) in courses.enumerated() {
            let definition = course.definition
            let reference = DemoHistory.CourseRef(versionID: course.versionID, code: definition.code, version: definition.version,
                                                  title: definition.title.lv)
            // Qualifications are for the course the file names, from the version it names.
            let requirement = definition.trainerQualification
            let master = masters[index % masters.count]
            for person in masters {
                history.qualifications.append(.init(
                    id: random.uuid(), personID: person, courseCode: requirement.qualifiedFor, fromVersion: requirement.fromVersion,
                    cohortGroupID: nil, grantedAt: RigaTime.startOfDay(historyStarts), provisional: false, signedOff: nil
                ))
            }
            // The cohort: trained by a master in the first months, a fortnight apart (a trainee is in two); those who
            // complete it may lead groups.
            let cohortStarts = weekday(onOrAfter: historyStarts.adding(days: 7 + 14 * index))
            let cohort = addGroup(
                course: course, reference: reference, code: "\(reference.code)-PASN-\(cohortStarts.year)", kind: .trainerCohort,
                region: .riga, starts: cohortStarts, participants: qualified[reference.code] ?? [], waitlist: [], lead: master, coTrainer: nil,
                pilot: false, capacity: max(20, qualified[reference.code]?.count ?? 0), minimumParticipants: 1
            )
            let trainees = (qualified[reference.code] ?? []).filter { cohort.completed.contains($0) }

            // Pilot groups first, in the regions with most people; then five years of groups in every region.
            let audience = Set(definition.audiences)
            var byRegion: [PlanningRegion: [UUID]] = [:]
            for person in people where audience.contains(person.position) {
                guard let region = regionOf[person.id] else { continue }
                byRegion[region, default: []].append(person.id)
            }
            for region in PlanningRegion.allCases { byRegion[region]?.shuffle(using: &random) }
            var planned: [PlannedGroup] = []
            var earliest = cohortStarts.adding(days: 45)
            if let rule = definition.pilot {
                let regions = Array(PlanningRegion.allCases.sorted {
                    (byRegion[$0]?.count ?? 0, $1.rawValue) > (byRegion[$1]?.count ?? 0, $0.rawValue)
                }.prefix(max(1, rule.regions)))
                for pilot in 0..<rule.groups {
                    let region = regions[pilot % regions.count]
                    let size = rule.minimumParticipants + Int.random(in: 1...5, using: &random)
                    let members = Array((byRegion[region] ?? []).prefix(size))
                    byRegion[region] = Array((byRegion[region] ?? []).dropFirst(members.count))
                    let starts = weekday(onOrAfter: cohortStarts.adding(days: 30 + 14 * pilot))
                    planned.append(PlannedGroup(starts: starts, region: region, members: members, waitlist: [], pilot: true,
                                                capacity: max(25, size), minimumParticipants: rule.minimumParticipants))
                    earliest = max(earliest, starts.adding(days: 30))
                }
            }
            // About a third to a half of the audience takes each course over the five years.
            let share = definition.kind == .professionalQualificationProgramme ? 45 : 30
            let span = earliest.daysUntil(today.adding(days: 120))
            // A course of three days or more also has a group running this week, in Rīga: begun, with marks, in progress.
            var runningNow = Self.days(of: definition).count >= 3
            for region in PlanningRegion.allCases {
                var takers = Array((byRegion[region] ?? []).prefix((byRegion[region]?.count ?? 0) * share / 100))
                while !takers.isEmpty {
                    var starts = weekday(onOrAfter: earliest.adding(days: Int.random(in: 0...max(0, span), using: &random)))
                    if runningNow, region == .riga {
                        starts = weekday(before: today)
                        runningNow = false
                    }
                    let capacity = 24
                    // Upcoming groups are part-filled, some full with a waitlist; past ones ran with 12 to 22.
                    let size = starts > today ? Int.random(in: 6...(capacity + 3), using: &random) : Int.random(in: 12...22, using: &random)
                    let members = Array(takers.prefix(size))
                    takers.removeFirst(members.count)
                    planned.append(PlannedGroup(starts: starts, region: region, members: Array(members.prefix(capacity)),
                                                waitlist: Array(members.dropFirst(capacity)), pilot: false, capacity: capacity,
                                                minimumParticipants: 8))
                }
            }
            // In the order they run: where the course asks it, a trainee leads under a master's supervision until a
            // supervised delivery has been closed, which signs them off.
            var signedOff: [UUID: DemoHistory.SignOff] = [:]
            var number = 0
            for plan in planned.sorted(by: { ($0.starts, $0.region.rawValue) < ($1.starts, $1.region.rawValue) }) {
                number += 1
                let days = Self.sessionDays(of: definition, from: plan.starts)
                let lead = pickTrainer(from: trainees, orMaster: master, freeOn: days)
                let startsAt = RigaTime.startOfDay(plan.starts)
                let needsSupervisor = requirement.supervisedFirstDelivery && !masters.contains(lead)
                    && (signedOff[lead].map { $0.at >= startsAt } ?? true)
                let coTrainer: UUID? = needsSupervisor
                    ? pickTrainer(from: [], orMaster: master, freeOn: days, excluding: lead)
                    : (random.chance(25) ? pickTrainer(from: trainees, orMaster: master, freeOn: days, excluding: lead) : nil)
                let group = addGroup(
                    course: course, reference: reference, code: "\(reference.code)-\(plan.starts.year)-\(number < 10 ? "00" : number < 100 ? "0" : "")\(number)",
                    kind: .delivery, region: plan.region, starts: plan.starts, participants: plan.members, waitlist: plan.waitlist,
                    lead: lead, coTrainer: coTrainer == lead ? nil : coTrainer, pilot: plan.pilot, capacity: plan.capacity,
                    minimumParticipants: plan.minimumParticipants
                )
                if needsSupervisor, signedOff[lead] == nil, group.status == .completed, let coTrainer {
                    signedOff[lead] = .init(by: coTrainer, group: group.id, at: group.lastEnd)
                }
            }
            // The trainees who completed the cohort: qualified at once, or provisional until signed off where the course asks it.
            for trainee in trainees {
                history.qualifications.append(.init(
                    id: random.uuid(), personID: trainee, courseCode: requirement.qualifiedFor, fromVersion: requirement.fromVersion,
                    cohortGroupID: cohort.id, grantedAt: cohort.lastEnd,
                    provisional: requirement.supervisedFirstDelivery && signedOff[trainee] == nil, signedOff: signedOff[trainee]
                ))
            }
        }
    }

    /// A trainer free on all these days: mostly one of the course's trainees, else a master (the course's own first).
    mutating func pickTrainer(from trainees: [UUID], orMaster master: UUID, freeOn days: [Int], excluding: UUID? = nil) -> UUID {
        func free(_ person: UUID) -> Bool { person != excluding && (busy[person] ?? []).isDisjoint(with: days) }
        if !trainees.isEmpty, random.chance(85) {
            for _ in 0..<12 {
                let candidate = trainees.randomElement(using: &random)!
                if free(candidate) { return candidate }
            }
        }
        if free(master) { return master }
        return masters.first(where: free) ?? trainees.first(where: free) ?? (master == excluding ? masters.first { $0 != master }! : master)
    }

    /// A group's plan before its lead is chosen.
    struct PlannedGroup {
        let starts: CalendarDate
        let region: PlanningRegion
        let members: [UUID]
        let waitlist: [UUID]
        let pilot: Bool
        let capacity: Int
        let minimumParticipants: Int
    }

    struct AddedGroup {
        let id: UUID
        let status: GroupStatus
        let lastEnd: Date
        /// The participants whose records say they completed it.
        var completed: Set<UUID> = []
    }
}

extension CalendarDate {
    /// Whole days from this date to `other` (negative when `other` is earlier).
    func daysUntil(_ other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil), to compare days quickly.
    var dayNumber: Int {
        let year = month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// 0 for Sunday … 6 for Saturday (Sakamoto's method).
    var weekday: Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let year = month < 3 ? self.year - 1 : self.year
        return (year + year / 4 - year / 100 + year / 400 + offsets[month - 1] + day) % 7
    }
}

/// The last weekday before `day`.
func weekday(before day: CalendarDate) -> CalendarDate {
    var day = day.adding(days: -1)
    while day.weekday == 0 || day.weekday == 6 { day = day.adding(days: -1) }
    return day
}

func weekday(onOrAfter day: CalendarDate) -> CalendarDate {
    var day = day
    while day.weekday == 0 || day.weekday == 6 { day = day.adding(days: 1) }
    return day
}
