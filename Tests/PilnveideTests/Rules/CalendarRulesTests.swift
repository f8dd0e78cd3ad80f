import Certification
import Core
import Curriculum
import Directory
import Foundation
import Testing

@Suite struct CalendarDateTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    @Test func parsesOnlyRealISODates() {
        #expect(CalendarDate(iso8601: "2024-02-29") != nil)
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2024-2-9") == nil)
        #expect(CalendarDate(iso8601: "2024-13-01") == nil)
        #expect(CalendarDate(iso8601: "1900-02-29") == nil && CalendarDate(iso8601: "2000-02-29") != nil)
        #expect(CalendarDate(iso8601: "+024-01-01") == nil && CalendarDate(iso8601: "2024-01-1 ") == nil)
        #expect(CalendarDate(iso8601: "0000-01-01") == nil && CalendarDate(iso8601: "2024-04-31") == nil)
        // Written back exactly, zero-padded.
        #expect(CalendarDate(iso8601: "0099-03-07")?.description == "0099-03-07")
        #expect(CalendarDate(year: 2027, month: 12, day: 31)?.description == "2027-12-31")
    }

    @Test func todayIsRigasDateAsFoundationsCalendarSaysAroundMidnightAndTheClockChanges() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RigaTime.zone
        // Every half hour over the days of both clock changes of 2026, a leap day and a new year, and a far date.
        let starts = ["2026-03-28T00:00:00Z", "2026-10-24T00:00:00Z", "2024-02-28T00:00:00Z", "2025-12-30T00:00:00Z", "1970-01-01T00:00:00Z",
                      "2099-12-30T00:00:00Z"]
        for start in starts {
            let first = try #require(ISO8601DateFormatter().date(from: start))
            for step in 0..<(3 * 48) {
                let instant = first.addingTimeInterval(Double(step) * 1_800)
                let parts = calendar.dateComponents([.year, .month, .day], from: instant)
                #expect(CalendarDate.today(now: instant) == CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!, "\(instant)")
            }
        }
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
        // The anniversary of 29 February in a common year is 1 March: valid through 28 February.
        #expect(window.validUntil(issuedOn: date("2024-02-29")) == date("2029-02-28"))
        #expect(window.validUntil(issuedOn: date("2028-02-29")) == date("2033-02-28"))
        // Month ends: 31 August + 6 months is the whole of February.
        #expect(try #require(RecertificationWindow(validityMonths: 6, opensMonthsBeforeExpiry: 1)).validUntil(issuedOn: date("2026-08-31")) == date("2027-02-28"))
        #expect(try #require(RecertificationWindow(validityMonths: 6, opensMonthsBeforeExpiry: 1)).validUntil(issuedOn: date("2027-08-31")) == date("2028-02-29"))
        #expect(try #require(RecertificationWindow(validityMonths: 1, opensMonthsBeforeExpiry: 0)).validUntil(issuedOn: date("2027-01-30")) == date("2027-02-28"))
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

    @Test func theNextExpiryFollowsTheSchemesBasisAndAnOverdueRecertificationRestarts() throws {
        let fromCompletion = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 12))
        let fromExpiry = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 12, basis: .previousExpiry))
        let fixed = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 12, basis: .fixedDate(month: 12, day: 31)))
        let previous = date("2031-03-14")
        // Recertified early, in the window: from completion it starts again; from the expiry nothing is lost.
        #expect(fromCompletion.nextValidUntil(previous: previous, recertifiedOn: date("2030-09-01")) == date("2035-08-31"))
        #expect(fromExpiry.nextValidUntil(previous: previous, recertifiedOn: date("2030-09-01")) == date("2036-03-14"))
        #expect(fixed.nextValidUntil(previous: previous, recertifiedOn: date("2030-09-01")) == date("2035-12-31"))
        // On the last valid day still counts as in time.
        #expect(fromExpiry.nextValidUntil(previous: previous, recertifiedOn: previous) == date("2036-03-14"))
        // Recertified after expiry: every basis restarts from the completion.
        #expect(fromExpiry.nextValidUntil(previous: previous, recertifiedOn: date("2031-06-01")) == date("2036-05-31"))
        #expect(fromCompletion.nextValidUntil(previous: previous, recertifiedOn: date("2031-06-01")) == date("2036-05-31"))
        // From 29 February, year after year from the expiry.
        let leap = fromExpiry.validUntil(issuedOn: date("2024-02-29"))
        #expect(leap == date("2029-02-28"))
        #expect(fromExpiry.nextValidUntil(previous: leap, recertifiedOn: date("2028-06-01")) == date("2034-02-28"))
        // A fixed date: the first 31 December on or after the end of the validity.
        #expect(fixed.validUntil(issuedOn: date("2027-01-01")) == date("2031-12-31"))
        #expect(fixed.validUntil(issuedOn: date("2027-01-02")) == date("2032-12-31"))
    }

    @Test func graceFollowsExpiry() throws {
        let window = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 6, graceMonths: 3))
        let until = date("2031-08-31")
        #expect(window.graceEndsOn(validUntil: until) == date("2031-11-30"))
        #expect(window.phase(on: date("2031-08-31"), validUntil: until) == .windowOpen)
        #expect(window.phase(on: date("2031-09-01"), validUntil: until) == .inGrace)
        #expect(window.phase(on: date("2031-11-30"), validUntil: until) == .inGrace)
        #expect(window.phase(on: date("2031-12-01"), validUntil: until) == .expired)
        let none = try #require(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 6))
        #expect(none.phase(on: date("2031-09-01"), validUntil: until) == .expired)
    }

    @Test func refusesAWindowLongerThanTheValidity() {
        #expect(RecertificationWindow(validityMonths: 60, opensMonthsBeforeExpiry: 6, basis: .fixedDate(month: 2, day: 29)) == nil)
        #expect(RecertificationWindow(validityMonths: 12, opensMonthsBeforeExpiry: 13) == nil)
        #expect(RecertificationWindow(validityMonths: 0, opensMonthsBeforeExpiry: 0) == nil)
    }
}
