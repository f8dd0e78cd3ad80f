import Core
import Demo
import Directory
import Foundation
import Testing
import TestSupport

/// The synthetic national directory: the same seed makes the same data, and the data is what the real
/// directory would accept.
struct DemoDirectoryTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 29)!

    @Test func theSameSeedMakesTheSameDataAndAnotherSeedOther() {
        let first = DemoDirectory.generate(scale: 0.2, seed: 7, today: Self.today)
        let again = DemoDirectory.generate(scale: 0.2, seed: 7, today: Self.today)
        let other = DemoDirectory.generate(scale: 0.2, seed: 8, today: Self.today)
        #expect(first.people == again.people && first.records == again.records && first.organisations == again.organisations)
        #expect(first.people.map(\.id) != other.people.map(\.id))
        #expect(first.people.map(\.email) != other.people.map(\.email))
    }

    @Test func nationalScaleCoversEveryMunicipalityWithValidPeople() throws {
        let demo = DemoDirectory.generate(scale: 1, seed: 1, today: Self.today)
        let courts = demo.organisations.filter { $0.kind == .orphansCourt }
        #expect(courts.count == 42 && demo.organisations.filter { $0.kind == .socialService }.count == 42)
        #expect(Set(courts.compactMap(\.region)) == Set(PlanningRegion.allCases))
        #expect(Set(demo.organisations.map { $0.name.lowercased() }).count == demo.organisations.count)
        // About the 5,988 the measure targets, plus the inspectorate and trainers.
        #expect((5_900...6_300).contains(demo.people.count), "\(demo.people.count)")
        for court in courts {
            #expect(demo.people.filter { $0.organisationID == court.id && $0.position == .orphansCourtChairperson }.count == 1)
        }
        for person in demo.people {
            let code = try PersonalCode(person.personalCode)
            #expect(code.isNewFormat)
            #expect(person.positionStartedOn <= Self.today)
        }
        #expect(Set(demo.people.map(\.personalCode)).count == demo.people.count)
        #expect(Set(demo.people.map { $0.email.lowercased() }).count == demo.people.count)
        // Five years of records, each in the past and no longer than its hours allow.
        let fiveYearsAgo = Self.today.adding(years: -5)
        #expect(demo.records.count > demo.people.count)
        #expect(demo.records.allSatisfy { $0.endsOn < Self.today && $0.endsOn >= fiveYearsAgo && $0.startsOn <= $0.endsOn })
        #expect(demo.records.contains { !$0.approved } && demo.records.contains(where: \.approved))
        #expect(demo.people.contains { $0.familyName.contains("ņ") || $0.givenName.contains("ā") })
    }

    @Test func tenfoldScaleHasTenTimesThePeople() {
        let national = DemoDirectory.generate(scale: 1, seed: 1, today: Self.today).people.count
        let tenfold = DemoDirectory.generate(scale: 10, seed: 1, today: Self.today).people.count
        #expect(Double(tenfold) / Double(national) > 9.5 && Double(tenfold) / Double(national) < 10.5)
    }
}
