import Certification
import Core
import Curriculum
import Foundation
import Testing

/// The named steps of a status, each alone: which version governs a day, where a held certification stands,
/// renewals cycle after cycle, and how a certification comes to be held.
@Suite struct StatusEvaluationStepsTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }
    let refresher = CertificationStatusTests.refresher

    func record(_ hours: Int, on day: String) -> TrainingEvidence {
        TrainingEvidence(recordID: UUID(), courseCode: nil, title: "Mācības \(day)", academicHours: HoursCredit(hours: hours), completedOn: date(day))
    }

    func held(until: String, countsFrom: String) -> HeldCertification {
        HeldCertification(validUntil: date(until), window: refresher.window, grantedBy: (refresher.code, 1), countsFrom: date(countsFrom), renewsFrom: nil)
    }

    @Test func theVersionGoverningADayIsTheNewestInForceThen() throws {
        var second = refresher
        second.version = 2
        second.effectiveFrom = date("2030-01-01")
        let versions = try #require(SchemeVersions([second, refresher]))
        #expect(versions.first.version == 1)
        #expect(versions.governing(date("2019-05-01")).version == 1)   // before any: the first
        #expect(versions.governing(date("2029-12-31")).version == 1)
        #expect(versions.governing(date("2030-01-01")).version == 2)
        #expect(SchemeVersions([]) == nil)
    }

    @Test func aHeldCertificationStandsCertifiedThenInItsWindowThenInGraceThenExpired() {
        // 5 years, the window a year before the expiry, 3 months of grace.
        let held = held(until: "2031-05-31", countsFrom: "2026-06-01")
        let certified = held.standing(on: date("2029-01-01"))
        #expect(certified.state == .certified && certified.nextChange == date("2030-05-31"))
        let window = held.standing(on: date("2030-06-01"))
        #expect(window.state == .windowOpen && window.nextChange == date("2031-06-01"))
        let grace = held.standing(on: date("2031-06-01"))
        #expect(grace.state == .inGrace && grace.nextChange == date("2031-09-01") && grace.due == StatusMessage(.dueGraceEnd, ["date": .day(date("2031-08-31"))]))
        let expired = held.standing(on: date("2031-09-01"))
        #expect(expired.state == .expired && expired.nextChange == nil)
    }

    @Test func renewalsCountEachRecordOnceAndNeverBeforeTheWindowOpens() throws {
        let versions = try #require(SchemeVersions([refresher]))
        let early = record(24, on: "2027-03-01")   // long before the window: counts, but renews only when it opens
        let late = record(24, on: "2032-01-10")    // in the next cycle, long before its window: renews when that opens
        let renewals = Renewals(from: held(until: "2031-05-31", countsFrom: "2026-06-01"), schemeCode: refresher.code, versions: versions,
                                evidence: [early, late], consumed: [], firstNumber: 1)
        #expect(renewals.cycles.map(\.number) == [1, 2])
        #expect(renewals.cycles.map(\.startsOn) == [date("2030-05-31"), date("2035-05-31")])
        #expect(renewals.cycles.map(\.validUntil) == [date("2036-05-31"), date("2041-05-31")])
        #expect(renewals.consumed == [early.recordID, late.recordID] && renewals.progress.used.isEmpty)
        // A record counted already counts no more.
        let again = Renewals(from: held(until: "2031-05-31", countsFrom: "2026-06-01"), schemeCode: refresher.code, versions: versions,
                             evidence: [early], consumed: [early.recordID], firstNumber: 1)
        #expect(again.cycles.isEmpty && again.held == held(until: "2031-05-31", countsFrom: "2026-06-01"))
    }

    @Test func aCertificationIsHeldOnceTheInitialRequirementIsMetAndOwedUntilThen() throws {
        let versions = try #require(SchemeVersions([refresher]))
        func evaluation(on today: String, _ evidence: [TrainingEvidence]) -> StatusEvaluation {
            StatusEvaluation(scheme: refresher, versions: versions, start: date("2026-03-01"), today: date(today), evidence: evidence,
                             decisions: [], overrides: [], withdrawn: [], carriedStanding: nil, restsOnTransition: false)
        }
        var owing = evaluation(on: "2026-05-01", [])
        guard case .owed(let status) = owing.establish(carried: nil, inPostBefore: false, takesEffect: refresher.effectiveFrom, replaced: []) else {
            Issue.record("nothing met, yet held")
            return
        }
        #expect(status.state == .notStarted && status.deadline == date("2026-08-31"))
        let programme = TrainingEvidence(recordID: UUID(), courseCode: "PKP-BT-DARBINIEKI", title: "Programma", academicHours: HoursCredit(hours: 48),
                                         completedOn: date("2026-06-15"))
        var meeting = evaluation(on: "2026-07-01", [programme])
        guard case .held(let held) = meeting.establish(carried: nil, inPostBefore: false, takesEffect: refresher.effectiveFrom, replaced: []) else {
            Issue.record("the programme was met, yet owed")
            return
        }
        #expect(held.countsFrom == date("2026-06-15") && held.validUntil == date("2031-06-14") && meeting.consumed == [programme.recordID])
        #expect(meeting.status(renewing: held).state == .certified)
    }
}
