import Certification
import Core
import Curriculum
import Foundation
import Testing

/// Each person's status under a scheme, from plain values: every state, with what explains it.
@Suite struct CertificationStatusTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    /// The refresher rule in force, as shipped: the programme (48 h) within 6 months, then 24 h every 5 years.
    static let refresher: CertificationScheme = {
        let catalogue = try! SchemeCatalogue.check([("test-shema.yaml", SchemeFileTests.scheme([
            ("  courses: [PKP-BT-DARBINIEKI]\n", "  academic_hours: 48\n  eligible_courses: [PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI]\n"),
            ("  academic_hours: 24\n", "  academic_hours: 24\n  external_training_counts: true\n"),
            ("effective_from: 2027-01-01", "effective_from: 2021-01-01\ngrace_months: 3"),
            ("positions: [orphans_court_member]", "positions: [orphans_court_chairperson, orphans_court_member]\n  organisation_kinds: [orphans_court]"),
        ]))], courses: SchemeFileTests.courses)
        return catalogue.schemes[0]
    }()

    func member(from start: String) -> [PositionSpan] {
        [PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: date(start))]
    }

    func record(_ course: String?, _ hours: Int, on day: String, title: String? = nil) -> TrainingEvidence {
        TrainingEvidence(recordID: UUID(), courseCode: course, title: title ?? course ?? "Mācības citur", academicHours: HoursCredit(hours: hours),
                         completedOn: date(day))
    }

    func status(_ evidence: [TrainingEvidence], start: String = "2026-03-01", on day: String,
                decisions: [CertificationDecision] = [], overrides: [StatusOverride] = [],
                scheme: CertificationScheme? = nil) -> CertificationStatus {
        CertificationStatus.evaluate(scheme ?? Self.refresher, positions: member(from: start), evidence: evidence,
                                     decisions: decisions, overrides: overrides, on: date(day))!
    }

    @Test func aNewcomerHasNotStartedThenIsInProgressThenIsCertified() {
        let none = status([], on: "2026-04-01")
        #expect(none.state == .notStarted && none.deadline == date("2026-08-31") && none.nextChange == date("2026-09-01"))
        #expect(none.missing == ["48 more academic hours from PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI by 2026-08-31"])

        // Hours from a course that is not eligible do not count; half the programme does not either.
        let some = status([record("ZP-BERNA-INTERESES", 24, on: "2026-04-10")], on: "2026-05-01")
        #expect(some.state == .notStarted)
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19", title: "Bāriņtiesu darbinieku programma")
        let certified = status([programme], on: "2026-07-01")
        #expect(certified.state == .certified && certified.validUntil == date("2031-06-18"))
        #expect(certified.windowOpensOn == date("2030-06-18") && certified.nextChange == date("2030-06-18"))
        #expect(certified.missing == ["24 more academic hours from eligible courses by 2031-06-18"])
        #expect(certified.explanation.contains("Bāriņtiesu darbinieku programma (PKP-BT-DARBINIEKI, 2026-06-19, 48 academic hours) counts towards the initial requirement."))
        #expect(certified.cycles.first?.metOn == date("2026-06-19"))
    }

    @Test func missingTheInitialDeadlineExpiresUntilTheRequirementIsMet() {
        let late = status([], on: "2026-09-01")
        #expect(late.state == .expired && late.nextChange == nil)
        #expect(late.missing == ["48 more academic hours from PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI as soon as possible (the deadline was 2026-08-31)"])
        let after = status([record("PKP-BT-DARBINIEKI", 48, on: "2026-11-02")], on: "2026-11-10")
        #expect(after.state == .certified && after.validUntil == date("2031-11-01"))
    }

    @Test func theWindowGraceAndExpiryFollowTheScheme() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        #expect(status([programme], on: "2030-06-18").state == .windowOpen)
        let grace = status([programme], on: "2031-07-01")
        #expect(grace.state == .inGrace && grace.graceEndsOn == date("2031-09-18") && grace.nextChange == date("2031-09-19"))
        #expect(grace.missing == ["24 more academic hours from eligible courses by 2031-09-18 (the grace period's end)"])
        let expired = status([programme], on: "2031-09-19")
        #expect(expired.state == .expired && expired.missing == ["24 more academic hours from eligible courses as soon as possible (it expired on 2031-06-18)"])
    }

    @Test func recertifyingInTimeContinuesFromTheExpiryAndEachHourCountsOnce() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let refresher = [record("ZP-BERNA-INTERESES", 24, on: "2028-05-01"), record(nil, 8, on: "2030-09-01", title: "LU kurss")]
        let renewed = status([programme] + refresher, on: "2030-10-01")
        // 24 hours by 2028: renewed from the previous expiry when the window opened; nothing is lost.
        #expect(renewed.state == .certified && renewed.validUntil == date("2036-06-18"))
        #expect(renewed.cycles.map(\.number) == [0, 1, 2])
        // The 8 hours of 2030 count for the next cycle, not again for the one they followed.
        #expect(renewed.missing == ["16 more academic hours from eligible courses by 2036-06-18"])
        #expect(renewed.cycles[1].records.map(\.academicHours) == [HoursCredit(hours: 24)])
        #expect(renewed.cycles[2].records.map(\.academicHours) == [HoursCredit(hours: 8)])
        // The programme's 48 hours met the initial requirement and are not counted again.
        #expect(status([programme], on: "2027-01-01").missing == ["24 more academic hours from eligible courses by 2031-06-18"])
    }

    @Test func recertifyingAfterExpiryRestartsFromTheCompletion() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let late = status([programme, record("ZP-VECAKU-STRIDI", 24, on: "2031-10-05")], on: "2031-10-10")
        #expect(late.state == .certified && late.validUntil == date("2036-10-04"))
        #expect(late.explanation.contains("Recertification 1 came after the expiry on 2031-06-18; the new cycle starts from 2031-10-05."))
    }

    @Test func aCertificateFrom29FebruaryLastsToThe28thOfItsLastYear() {
        let status = status([record("PKP-BT-DARBINIEKI", 48, on: "2024-02-29")], start: "2024-01-15", on: "2025-01-01")
        #expect(status.validUntil == date("2029-02-28") && status.windowOpensOn == date("2028-02-28"))
    }

    @Test func aMoveBetweenCoveredPositionsKeepsWhatIsHeldAndAnUncoveredOneEndsIt() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let moved = [
            PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: date("2026-03-01"), until: date("2027-12-31")),
            PositionSpan(position: .orphansCourtChairperson, organisationKind: .orphansCourt, from: date("2028-01-01")),
        ]
        let chair = CertificationStatus.evaluate(Self.refresher, positions: moved, evidence: [programme], on: date("2028-02-01"))
        #expect(chair?.state == .certified && chair?.appliesFrom == date("2026-03-01") && chair?.validUntil == date("2031-06-18"))
        // A social worker is not covered by the orphan's court scheme.
        let left = [PositionSpan(position: .socialWorker, organisationKind: .socialService, from: date("2028-01-01"))]
        #expect(CertificationStatus.evaluate(Self.refresher, positions: left, evidence: [programme], on: date("2028-02-01")) == nil)
        // Coming back after a gap starts afresh from the new position.
        let back = [
            PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: date("2026-03-01"), until: date("2027-12-31")),
            PositionSpan(position: .socialWorker, organisationKind: .socialService, from: date("2028-01-01"), until: date("2028-12-31")),
            PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: date("2029-03-01")),
        ]
        #expect(CertificationStatus.evaluate(Self.refresher, positions: back, evidence: [programme], on: date("2029-04-01"))?.appliesFrom == date("2029-03-01"))
    }

    @Test func aCommissionDecisionIsNeededWhereTheSchemeSaysSo() {
        var commission = Self.refresher
        commission.initial?.decisionBy = "Kvalifikācijas komisija"
        let programme = record("PKP-BT-PRIEKSSEDETAJI", 48, on: "2026-06-19")
        let waiting = status([programme], on: "2026-07-01", scheme: commission)
        #expect(waiting.state == .inProgress && waiting.missing == ["a decision of Kvalifikācijas komisija by 2026-08-31"])
        let refused = status([programme], on: "2026-07-20", decisions: [.init(date: date("2026-07-15"), passed: false, reference: "protokols Nr. 3")],
                             scheme: commission)
        #expect(refused.missing == ["a decision of Kvalifikācijas komisija (on 2026-07-15 it was not passed, protokols Nr. 3) by 2026-08-31"])
        let passed = status([programme], on: "2026-08-10", decisions: [.init(date: date("2026-08-05"), passed: true, reference: "protokols Nr. 4")],
                            scheme: commission)
        #expect(passed.state == .certified && passed.validUntil == date("2031-08-04"))
        #expect(passed.explanation.contains("Kvalifikācijas komisija decided on 2026-08-05 (protokols Nr. 4)."))
    }

    @Test func theInspectorateMaySuspendRevokeAndReinstate() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let suspended = status([programme], on: "2027-02-01", overrides: [.init(kind: .suspended, from: date("2027-01-10"), reason: "disciplinārlieta")])
        #expect(suspended.state == .suspended && suspended.explanation.last == "Suspended by the inspectorate from 2027-01-10: disciplinārlieta.")
        let reinstated = status([programme], on: "2027-03-01", overrides: [
            .init(kind: .suspended, from: date("2027-01-10"), reason: "disciplinārlieta"),
            .init(kind: .reinstated, from: date("2027-02-15"), reason: "lieta izbeigta"),
        ])
        #expect(reinstated.state == .certified)
        #expect(status([programme], on: "2027-03-01", overrides: [.init(kind: .revoked, from: date("2027-02-01"), reason: "x")]).state == .revoked)
        // An override not yet in force changes nothing.
        #expect(status([programme], on: "2027-01-01", overrides: [.init(kind: .revoked, from: date("2027-02-01"), reason: "x")]).state == .certified)
    }

    @Test func schemeEffectiveLaterAppliesFromItsOwnStart() throws {
        var later = Self.refresher
        later.effectiveFrom = date("2027-07-01")
        let status = status([], start: "2020-01-01", on: "2027-08-01", scheme: later)
        #expect(status.appliesFrom == date("2027-07-01") && status.deadline == date("2027-12-31"))
    }

    @Test func categoriesAndNamedCoursesAreEachRequired() {
        var scheme = Self.refresher
        scheme.recertification.requirement.courses = ["ANO-BTK-LIDZDALIBA"]
        scheme.recertification.requirement.categories = [.init(name: "Bērna intereses", courses: ["ZP-BERNA-INTERESES"], academicHours: 8)]
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let some = status([programme, record("ZP-VECAKU-STRIDI", 24, on: "2027-05-01")], on: "2027-06-01", scheme: scheme)
        #expect(some.missing == [
            "complete ANO-BTK-LIDZDALIBA by 2031-06-18",
            "8 more academic hours of Bērna intereses (ZP-BERNA-INTERESES) by 2031-06-18",
        ])
    }

    @Test func staffInPostWhenARefresherRuleStartsBeginAFirstCycleThen() {
        var refresher = Self.refresher
        refresher.inPostBeforeStart = .firstCycle
        // In post since 2010 with old training: no new programme, 24 hours within the first 5 years from 2021.
        let old = [record("PKP-BT-DARBINIEKI", 48, on: "2010-06-01"), record(nil, 24, on: "2019-05-01"), record(nil, 24, on: "2023-05-01")]
        let status = status(old, start: "2010-03-01", on: "2026-06-01", scheme: refresher)
        // The first cycle (2021-01-01 to 2025-12-31) was met in 2023, renewed when its window opened: to 2030-12-31.
        #expect(status.state == .certified && status.validUntil == date("2030-12-31"))
        #expect(status.explanation.first == "In post before TEST-SHEMA took effect on 2021-01-01: the first cycle runs from then.")
        // With the initial requirement instead, the same person would owe the programme from 2021.
        #expect(self.status(old, start: "2010-03-01", on: "2026-06-01").state == .expired)
    }

    @Test func hoursCannotBeBankedForCyclesToCome() {
        // Programme in 2021 (valid to 2026-02-28), then 24 hours twice in the same year: only one cycle is renewed.
        let banked = [record("PKP-BT-DARBINIEKI", 48, on: "2021-03-01"), record(nil, 24, on: "2021-06-01"), record(nil, 24, on: "2021-09-01")]
        let status = status(banked, start: "2021-01-01", on: "2026-06-01")
        #expect(status.validUntil == date("2031-02-28"))
        #expect(status.cycles.map(\.number) == [0, 1, 2])
        #expect(status.missing == ["24 more academic hours from eligible courses by 2031-02-28"])
    }

    @Test func trainingTooOldToStillBeValidDoesNotCountForANewPost() {
        // 40 hours of 2019 would have lapsed by the deadline: the newcomer is not started, not expired.
        let status = status([record("PKP-BT-DARBINIEKI", 48, on: "2019-07-01")], start: "2024-06-01", on: "2024-08-01")
        #expect(status.state == .notStarted && status.deadline == date("2024-11-30"))
        // Recent enough, it counts: valid to 2029 at least past the deadline.
        let recent = self.status([record("PKP-BT-DARBINIEKI", 48, on: "2020-01-01")], start: "2024-06-01", on: "2024-08-01")
        #expect(recent.state == .windowOpen && recent.validUntil == date("2024-12-31"))
    }

    @Test func theLatestRecordedOverrideAndDecisionStand() {
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        let sameDay = status([programme], on: "2027-01-20", overrides: [
            .init(kind: .suspended, from: date("2027-01-10"), reason: "a"), .init(kind: .reinstated, from: date("2027-01-10"), reason: "b"),
        ])
        #expect(sameDay.state == .certified)
        let backDated = status([programme], on: "2027-01-20", overrides: [
            .init(kind: .suspended, from: date("2027-01-10"), reason: "a"), .init(kind: .reinstated, from: date("2027-01-05"), reason: "kļūda"),
        ])
        #expect(backDated.state == .certified)
        var commission = Self.refresher
        commission.initial?.decisionBy = "Komisija"
        let refusedAfter = status([programme], on: "2026-08-20", decisions: [
            .init(date: date("2026-07-01"), passed: true, reference: "Nr. 1"), .init(date: date("2026-08-10"), passed: false, reference: "Nr. 2"),
        ], scheme: commission)
        #expect(refusedAfter.state == .inProgress && refusedAfter.missing == ["a decision of Komisija (on 2026-08-10 it was not passed, Nr. 2) by 2026-08-31"])
        // A decision dated after the day asked about does not count yet.
        let future = status([programme], on: "2026-07-01", decisions: [.init(date: date("2026-08-10"), passed: true, reference: "Nr. 3")], scheme: commission)
        #expect(future.state == .inProgress)
    }

    @Test func aNewVersionNeverRewritesWhatWasDecidedUnderTheOldOne() {
        var v2 = Self.refresher
        v2.version = 2
        v2.validityMonths = 24
        v2.recertification.windowOpensMonthsBeforeExpiry = 6
        v2.recertification.requirement.academicHours = 8
        v2.effectiveFrom = date("2028-01-01")
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2026-06-19")
        func status(_ evidence: [TrainingEvidence], on day: String) -> CertificationStatus {
            CertificationStatus.evaluate(versions: [v2, Self.refresher], positions: member(from: "2026-03-01"), evidence: evidence, on: date(day))!
        }
        // Certified under version 1 in 2026: still valid to 2031, though version 2 (2 years) is in force.
        let held = status([programme], on: "2028-06-01")
        #expect(held.schemeVersion == 2 && held.validUntil == date("2031-06-18") && held.windowOpensOn == date("2030-06-18"))
        // The cycle that began under version 1 still asks version 1's 24 hours, not version 2's 8.
        #expect(held.missing == ["24 more academic hours from eligible courses by 2031-06-18"])
        // Renewed in 2030, under version 2: two years from the expiry.
        let renewed = status([programme, record(nil, 24, on: "2030-07-01")], on: "2031-01-01")
        #expect(renewed.validUntil == date("2033-06-18") && renewed.explanation.contains { $0.hasPrefix("Certified until 2033-06-18 under TEST-SHEMA version 2") })
        // And the next cycle asks version 2's 8 hours.
        #expect(renewed.missing == ["8 more academic hours from eligible courses by 2033-06-18"])
        // A newcomer after version 2 took effect is held to it throughout.
        let newcomer = CertificationStatus.evaluate(versions: [Self.refresher, v2], positions: member(from: "2029-01-01"),
                                                    evidence: [record("PKP-BT-DARBINIEKI", 48, on: "2029-03-01")], on: date("2029-04-01"))!
        #expect(newcomer.validUntil == date("2031-02-28"))
    }
}
