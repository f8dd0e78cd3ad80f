import Certification
import Core
import Curriculum
import Foundation
import Testing

/// A status explains itself in codes and values, written in Latvian or English from one catalogue.
@Suite struct StatusMessageTests {
    func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test func everyCodeHasBothLanguagesWithTheSameValues() {
        for code in StatusMessage.Code.allCases {
            // Rendering with no values leaves each placeholder as it is, so both languages' names show.
            let (lv, en) = (StatusMessage(code).text(in: .lv), StatusMessage(code).text(in: .en))
            #expect(!lv.isEmpty && !en.isEmpty && lv != en, "\(code)")
            #expect(placeholders(lv) == placeholders(en), "\(code): \(lv) | \(en)")
        }
    }

    @Test func aStatusReadsInLatvianWithLatvianDaysAndInEnglishWithISODays() {
        var scheme = CertificationStatusTests.refresher
        scheme.graceMonths = 0
        let programme = TrainingEvidence(recordID: UUID(), courseCode: "PKP-BT-DARBINIEKI", title: "Bāriņtiesu darbinieku programma",
                                         academicHours: HoursCredit(quarters: 190), completedOn: CalendarDate(iso8601: "2026-06-19")!)
        let status = CertificationStatus.evaluate(
            scheme, positions: [PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: CalendarDate(iso8601: "2026-03-01")!)],
            evidence: [programme], on: CalendarDate(iso8601: "2026-07-01")!
        )!
        #expect(status.explanation(in: .lv) == [
            "Sākotnējās prasības izpildē ieskaita: Bāriņtiesu darbinieku programma (PKP-BT-DARBINIEKI, 19.06.2026., 47,5 akad. st.).",
            "Sākotnējā prasība jāizpilda līdz 31.08.2026.",
        ])
        #expect(status.missing(in: .lv) == ["vēl 0,5 akad. st. no PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI līdz 31.08.2026."])
        #expect(status.explanation(in: .en) == [
            "Bāriņtiesu darbinieku programma (PKP-BT-DARBINIEKI, 2026-06-19, 47.5 academic hours) counts towards the initial requirement.",
            "The initial requirement is due by 2026-08-31.",
        ])
        #expect(status.explanation == status.explanation(in: .en) && status.missing == ["0.5 more academic hours from PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI by 2026-08-31"])
        #expect(status.messages.map(\.code) == [.recordCountsInitial, .initialDue] && status.due == StatusMessage(.dueBy, ["date": .day(CalendarDate(iso8601: "2026-08-31")!)]))
        // Training elsewhere, in each language.
        #expect(StatusMessage(.recordCountsInitial, ["title": .text("X"), "course": .course(nil), "date": .day(CalendarDate(iso8601: "2026-01-02")!), "hours": .hours(HoursCredit(hours: 8))])
            .text(in: .lv) == "Sākotnējās prasības izpildē ieskaita: X (mācības citur, 02.01.2026., 8 akad. st.).")
        // A value is put in as it is: braces a person typed are not read as the sentence's own.
        #expect(StatusMessage(.suspended, ["date": .day(CalendarDate(iso8601: "2026-01-02")!), "reason": .text("skat. {date}")]).text(in: .en)
                == "Suspended by the inspectorate from 2026-01-02: skat. {date}.")
    }

    @Test func everyStatusTheTransitionTestsBuildIsWrittenInFullInBothLanguages() {
        let t = SchemeTransitionTests()
        var commission = CertificationStatusTests.refresher
        commission.initial?.decisionBy = "Komisija"
        let statuses = [
            t.status([t.record(nil, 24, on: "2025-03-01")], on: "2027-08-01"),
            t.status([t.record("PKP-BT-DARBINIEKI", 24, on: "2027-05-01")], start: "2027-03-01", on: "2027-08-01"),
            t.status([], start: "2026-06-01", on: "2027-08-01"),
            t.status([t.record(nil, 8, on: "2027-07-10")], on: "2027-08-01"),
            t.status([t.record(nil, 24, on: "2025-03-01")], on: "2027-08-01", overrides: [.init(kind: .revoked, from: CalendarDate(iso8601: "2027-07-20")!, reason: "x", certificateNumber: "BAC-2027-000001")]),
            CertificationStatus.evaluate(commission, positions: t.member(from: "2026-03-01"), evidence: [t.record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")],
                                         decisions: [.init(date: CalendarDate(iso8601: "2026-07-01")!, passed: false, reference: "Nr. 2")],
                                         withdrawn: [.init(number: "BAC-2026-000009", withdrawnOn: CalendarDate(iso8601: "2026-07-02")!, reason: "vārds")],
                                         on: CalendarDate(iso8601: "2026-08-01")!)!,
        ]
        for status in statuses {
            for language in Language.allCases {
                let text = status.explanation(in: language) + status.missing(in: language)
                #expect(!text.isEmpty && !text.joined().contains("{") && !text.joined().contains("}"), "\(language): \(text)")
                // Latvian prose writes days as 02.07.2026., never as ISO.
                #expect(language == .en || text.joined().range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil, "\(text)")
            }
        }
    }

    @Test func theLanguageAskedForIsTheMostWantedOfLatvianAndEnglish() {
        #expect(Language.preferred(by: nil) == .lv && Language.preferred(by: "") == .lv && Language.preferred(by: "de-DE") == .lv)
        #expect(Language.preferred(by: "en") == .en && Language.preferred(by: "en-GB,en;q=0.9") == .en)
        #expect(Language.preferred(by: "lv, en;q=0.8") == .lv && Language.preferred(by: "en;q=0.4, lv;q=0.6") == .lv)
        #expect(Language.preferred(by: "de, en;q=0.5") == .en && Language.preferred(by: "en;q=0, *") == .lv && Language.preferred(by: "EN-us") == .en)
    }
}
