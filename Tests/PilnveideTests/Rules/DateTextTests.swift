import Core
import Foundation
import Testing

/// Days as a reader reads them: Latvian `10.11.2026.`, English `10 November 2026`; never ISO in prose.
@Suite struct DateTextTests {
    let day = CalendarDate(year: 2026, month: 11, day: 10)!

    @Test func latvianWritesDayMonthYearWithTheOrdinalDot() {
        #expect(DateText.short(day, in: .lv) == "10.11.2026.")
        #expect(DateText.short(CalendarDate(year: 2027, month: 1, day: 5)!, in: .lv) == "05.01.2027.")
        #expect(DateText.long(day, in: .lv) == "2026. gada 10. novembris")
        #expect(DateText.long(CalendarDate(year: 2028, month: 2, day: 29)!, in: .lv) == "2028. gada 29. februāris")
    }

    @Test func englishWritesTheMonthsName() {
        #expect(DateText.short(day, in: .en) == "10 November 2026")
        #expect(DateText.long(CalendarDate(year: 2031, month: 4, day: 9)!, in: .en) == "9 April 2031")
        #expect(DateText.both(day) == ["lv": "10.11.2026.", "en": "10 November 2026"])
    }

    @Test func everyMonthHasItsNameInBothLanguages() {
        let lv = (1...12).map { DateText.long(CalendarDate(year: 2026, month: $0, day: 1)!, in: .lv) }
        #expect(lv.last == "2026. gada 1. decembris" && Set(lv).count == 12 && lv.allSatisfy { $0.hasPrefix("2026. gada 1. ") })
        let en = (1...12).map { DateText.long(CalendarDate(year: 2026, month: $0, day: 1)!, in: .en) }
        #expect(en[4] == "1 May 2026" && Set(en).count == 12)
    }

    @Test func aMomentIsWrittenAsRigaReadsItInWinterAndSummer() throws {
        // 07:30 UTC is 09:30 in Riga in winter (+02:00), 10:30 in summer (+03:00); midnight UTC is already the next day there.
        let winter = ISO8601DateFormatter().date(from: "2027-03-10T07:30:00Z")!
        #expect(DateText.time(winter, in: .lv) == "10.03.2027. plkst. 09:30" && DateText.time(winter, in: .en) == "10 March 2027, 09:30")
        let summer = ISO8601DateFormatter().date(from: "2027-07-31T21:05:00Z")!
        #expect(DateText.time(summer, in: .lv) == "01.08.2027. plkst. 00:05")
    }
}
