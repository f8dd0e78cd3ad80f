import Certification
import Core
import Curriculum
import Directory
import Testing

@Suite struct CalendarDateTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test func parsesOnlyRealISODates() {
        #expect(CalendarDate(iso8601: "2024-02-29") != nil)
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2024-2-9") == nil)
        #expect(CalendarDate(iso8601: "2024-13-01") == nil)
    }

    @Test func addingMonthsClampsToTheEndOfShorterMonths() {
        #expect(date("2025-08-31").adding(months: 6) == date("2026-02-28"))
        #expect(date("2023-08-31").adding(months: 6) == date("2024-02-29"))
        #expect(date("2024-02-29").adding(years: 5) == date("2029-02-28"))
        #expect(date("2026-01-15").adding(months: -2) == date("2025-11-15"))
    }

    @Test func addingDaysCrossesMonthsAndYears() {
        #expect(date("2026-12-31").adding(days: 1) == date("2027-01-01"))
        #expect(date("2024-03-01").adding(days: -1) == date("2024-02-29"))
        #expect(date("2026-01-01").adding(days: -366) == date("2024-12-31"))
    }
}

@Suite struct AcademicHourLengthTests {
    @Test func convertsBetweenHoursAndTimeInClass() throws {
        let length = try #require(AcademicHourLength(minutes: 45))
        #expect(length.duration(of: 16) == .seconds(16 * 45 * 60))
        #expect(length.wholeHours(in: .seconds(90 * 60)) == 2)
        #expect(length.wholeHours(in: .seconds(89 * 60)) == 1)
    }

    @Test func refusesImpossibleLengths() {
        #expect(AcademicHourLength(minutes: 0) == nil)
        #expect(AcademicHourLength(minutes: 600) == nil)
    }
}

@Suite struct RecertificationWindowTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test func aCertificateLastsItsValidityToTheDayBefore() throws {
        // e.g. a five-year scheme, stated in months by the scheme file
        let window = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 6))
        #expect(window.validUntil(issuedOn: date("2026-03-15")) == date("2031-03-14"))
        #expect(window.validUntil(issuedOn: date("2024-02-29")) == date("2029-02-27"))
    }

    @Test func theWindowOpensBeforeExpiryAndClosesAfterIt() throws {
        let window = try #require(RecertificationWindow(validityMonths: 24, opensMonthsBeforeExpiry: 3))
        let until = date("2028-06-30")
        #expect(window.opensOn(validUntil: until) == date("2028-03-30"))
        #expect(window.phase(on: date("2028-03-29"), validUntil: until) == .certified)
        #expect(window.phase(on: date("2028-03-30"), validUntil: until) == .windowOpen)
        #expect(window.phase(on: date("2028-06-30"), validUntil: until) == .windowOpen)
        #expect(window.phase(on: date("2028-07-01"), validUntil: until) == .expired)
    }

    @Test func refusesAWindowLongerThanTheValidity() {
        #expect(RecertificationWindow(validityMonths: 12, opensMonthsBeforeExpiry: 13) == nil)
        #expect(RecertificationWindow(validityMonths: 0, opensMonthsBeforeExpiry: 0) == nil)
    }
}
