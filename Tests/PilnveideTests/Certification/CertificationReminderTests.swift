import Certification
import Core
import Curriculum
import Foundation
import Testing

/// Which reminder each status calls for, and its once-per-cycle key.
@Suite struct CertificationReminderTests {
    let helper = CertificationStatusTests()
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    func reminder(_ evidence: [TrainingEvidence], on day: String) -> CertificationReminder? {
        CertificationReminder.due(helper.status(evidence, on: day), on: date(day))
    }

    @Test func eachStateCallsForItsReminderOnce() {
        let programme = helper.record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")  // valid until 2031-06-18
        #expect(reminder([], on: "2026-07-15") == nil)                       // deadline 2026-08-31 is more than 30 days away
        #expect(reminder([], on: "2026-08-01")?.kind == .initialDueSoon)
        #expect(reminder([], on: "2026-09-01")?.kind == .initialOverdue)
        #expect(reminder([programme], on: "2026-07-01") == nil)
        #expect(reminder([programme], on: "2030-06-18")?.kind == .windowOpened)
        #expect(reminder([programme], on: "2031-03-20")?.kind == .expiresIn90Days)
        // Seen late: only the most pressing one.
        #expect(reminder([programme], on: "2031-06-01")?.kind == .expiresIn30Days)
        #expect(reminder([programme], on: "2031-07-01")?.kind == .inGrace)
        let expired = reminder([programme], on: "2031-10-01")
        #expect(expired?.kind == .expired && expired?.about == date("2031-06-18"))
        #expect(expired?.body == "Your certification under TEST-SHEMA expired on 2031-06-18. Missing: 24 more academic hours from eligible courses as soon as possible (it expired on 2031-06-18).")
        // The key names the cycle: the same reminder on another day is the same key; the next cycle's is not.
        let person = UUID()
        let first = reminder([programme], on: "2030-06-18")!.key(person: person, scheme: "TEST-SHEMA")
        #expect(first == reminder([programme], on: "2030-09-01")!.key(person: person, scheme: "TEST-SHEMA"))
        let renewed = reminder([programme, helper.record("ZP-VECAKU-STRIDI", 24, on: "2030-07-01")], on: "2035-06-18")!
        #expect(renewed.key(person: person, scheme: "TEST-SHEMA") != first && renewed.about == date("2036-06-18"))
    }
}
