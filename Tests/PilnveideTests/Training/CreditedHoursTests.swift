import Curriculum
import Scheduling
import Testing

/// Academic hours credited per session: the rule written in the README, checked at its edges.
@Suite struct CreditedHoursTests {
    /// A 4-academic-hour session of 180 minutes (09:00–12:00).
    func credited(_ mark: AttendanceMark, partsPerHour: Int = 1) -> HoursCredit {
        CreditedHours.credited(mark, sessionHours: 4, sessionMinutes: 180, partsPerHour: partsPerHour)
    }

    @Test func presentCreditsTheSessionAbsentAndExcusedNothing() {
        #expect(credited(.present) == HoursCredit(hours: 4))
        #expect(credited(.absent) == .zero)
        #expect(credited(.excused) == .zero)
    }

    @Test func partialPresenceCreditsItsShareRoundedDown() {
        // 135 of 180 minutes is exactly three quarters of four hours.
        #expect(credited(.partial(minutes: 135)) == HoursCredit(hours: 3))
        // One minute less is 2.98 hours: rounded down to 2, never up.
        #expect(credited(.partial(minutes: 134)) == HoursCredit(hours: 2))
        #expect(credited(.partial(minutes: 179)) == HoursCredit(hours: 3))
        #expect(credited(.partial(minutes: 44)) == .zero)
        #expect(credited(.partial(minutes: 45)) == HoursCredit(hours: 1))
        #expect(credited(.partial(minutes: 1)) == .zero)
    }

    @Test func aCourseMayCreditInHalvesOrQuarters() {
        // 134 minutes: 2.98 hours → 2.5 in halves, 2.75 in quarters.
        #expect(credited(.partial(minutes: 134), partsPerHour: 2) == HoursCredit(quarters: 10))
        #expect(credited(.partial(minutes: 134), partsPerHour: 4) == HoursCredit(quarters: 11))
        #expect(credited(.partial(minutes: 90), partsPerHour: 2) == HoursCredit(hours: 2))
        #expect(credited(.present, partsPerHour: 4) == HoursCredit(hours: 4))
    }

    @Test func minutesBeyondTheSessionCreditNoMoreThanIt() {
        #expect(credited(.partial(minutes: 500)) == HoursCredit(hours: 4))
        #expect(CreditedHours.credited(.partial(minutes: 10), sessionHours: 4, sessionMinutes: 0, partsPerHour: 1) == .zero)
    }

    @Test func hoursAreWrittenAsPeopleWriteThem() {
        #expect(HoursCredit(quarters: 42).description == "10.5")
        #expect(HoursCredit(quarters: 41).description == "10.25")
        #expect(HoursCredit(quarters: 43).description == "10.75")
        #expect(HoursCredit(hours: 16).description == "16")
        #expect(HoursCredit(exactly: 7.5) == HoursCredit(quarters: 30))
        #expect(HoursCredit(exactly: 7.3) == nil)
        #expect(HoursCredit(exactly: -1) == nil)
        #expect([HoursCredit(hours: 4), HoursCredit(quarters: 2)].sum() == HoursCredit(quarters: 18))
    }

    @Test func theAttendanceShareComparesExactly() throws {
        let course = try CourseText.definition(pilot: false)  // 8 hours, 80 %
        #expect(AttendanceRule.meets(credited: HoursCredit(quarters: 26), of: course) == true)   // 6.5 of 8 = 81 %
        #expect(AttendanceRule.meets(credited: HoursCredit(quarters: 25), of: course) == false)  // 6.25 of 8 = 78 %
    }
}
