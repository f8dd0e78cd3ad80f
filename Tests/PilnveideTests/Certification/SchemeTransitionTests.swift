import Certification
import Core
import Curriculum
import Foundation
import Testing

/// A scheme that replaces another carries people's standing over (`in_post_before_start: carry_over`): who was
/// certified stays so to the expiry the old rule gave, who owed something owes the new rule's requirement by the
/// old deadline, who was overdue stays overdue.
@Suite struct SchemeTransitionTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    /// The rule in force: 48 h within 6 months, then 24 h every 5 years (window 12 months, grace 3); staff in
    /// post when it took effect on 2021-01-01 began a first cycle then.
    static let old: CertificationScheme = {
        var scheme = CertificationStatusTests.refresher
        scheme.inPostBeforeStart = .firstCycle
        return scheme
    }()

    /// The replacing rule from 2027-07-01: the same 48 h, then 8 h every 2 years (window 6 months, no grace);
    /// carrying over is the default for a scheme that replaces another.
    static let new: CertificationScheme = replacing(old, code: "TEST-JAUNA", from: "2027-07-01", validity: 24, hours: 8)

    static func replacing(_ scheme: CertificationScheme, code: String, from: String, validity: Int, hours: Int) -> CertificationScheme {
        var next = scheme
        next.code = code
        next.replaces = scheme.code
        next.inPostBeforeStart = nil
        next.effectiveFrom = CalendarDate(iso8601: from)!
        next.validityMonths = validity
        next.recertification.requirement.academicHours = hours
        next.recertification.windowOpensMonthsBeforeExpiry = 6
        next.graceMonths = 0
        return next
    }

    func record(_ course: String?, _ hours: Int, on day: String) -> TrainingEvidence {
        TrainingEvidence(recordID: UUID(), courseCode: course, title: course ?? "Mācības citur", academicHours: HoursCredit(hours: hours),
                         completedOn: date(day))
    }

    func member(from start: String) -> [PositionSpan] {
        [PositionSpan(position: .orphansCourtMember, organisationKind: .orphansCourt, from: date(start))]
    }

    func status(
        _ evidence: [TrainingEvidence], start: String = "2010-03-01", on day: String, scheme: CertificationScheme = new,
        replaced: [ReplacedScheme] = [ReplacedScheme(versions: [old])], decisions: [CertificationDecision] = [],
        overrides: [StatusOverride] = [], positions: [PositionSpan]? = nil
    ) -> CertificationStatus {
        CertificationStatus.evaluate(scheme, positions: positions ?? member(from: start), evidence: evidence, decisions: decisions,
                                     overrides: overrides, replaced: replaced, on: date(day))!
    }

    @Test func theDefaultForAReplacingSchemeIsToCarryOver() {
        #expect(Self.new.inPostBeforeStart == nil && Self.new.transition == .carryOver)
        #expect(Self.old.transition == .firstCycle && CertificationStatusTests.refresher.transition == .initialRequirement)
    }

    @Test func aCertificationCarriesOverToItsExpiryThenRenewsUnderTheNewRule() {
        // Under the old rule: first cycle 2021–2025, renewed with 24 h in 2025 to 2030-12-31.
        let renewed = record(nil, 24, on: "2025-03-01")
        let carried = status([renewed], on: "2027-08-01")
        #expect(carried.state == .certified && carried.validUntil == date("2030-12-31"))
        // Not a fresh two-year cycle from the day the new rule took effect.
        #expect(carried.windowOpensOn == date("2030-06-30") && carried.nextChange == date("2030-06-30"))
        #expect(carried.carriedFrom == CarriedStanding(schemeCode: "TEST-SHEMA", schemeVersion: 1, state: .certified, on: date("2027-07-01")))
        #expect(carried.restsOnTransition)
        #expect(carried.cycles.dropLast().map(\.grantedBy) == ["TEST-SHEMA", "TEST-SHEMA"])
        #expect(carried.explanation.contains(
            "Certified until 2030-12-31 under TEST-SHEMA version 1, carried over when TEST-JAUNA replaced TEST-SHEMA on 2027-07-01; "
                + "training from 2030-06-30 counts towards recertifying under TEST-JAUNA."))
        #expect(carried.missing == ["8 more academic hours from eligible courses by 2030-12-31"])

        // 8 hours in the new rule's window renew it by the new rule: two years from the old expiry.
        let module = record(nil, 8, on: "2030-09-01")
        let next = status([renewed, module], on: "2031-02-01")
        #expect(next.state == .certified && next.validUntil == date("2032-12-31") && !next.restsOnTransition)
        #expect(next.cycles.last(where: { $0.metOn != nil })?.grantedBy == "TEST-JAUNA")

        // Hours before the new rule's window do not count; the old certification's grace (3 months) still applies.
        let early = status([renewed, record(nil, 8, on: "2029-01-01")], on: "2031-02-01")
        #expect(early.state == .inGrace && early.graceEndsOn == date("2031-03-31") && early.validUntil == date("2030-12-31"))
        #expect(status([renewed], on: "2031-04-01").state == .expired)
    }

    @Test func someoneStillOwingTheOldInitialRequirementOwesTheNewOneByTheSameDeadline() {
        // Started 2027-03-01: the old rule's 48 hours due by 2027-08-31; half done when the new rule takes effect.
        let half = record("PKP-BT-DARBINIEKI", 24, on: "2027-05-01")
        let owing = status([half], start: "2027-03-01", on: "2027-08-01")
        #expect(owing.state == .inProgress && owing.deadline == date("2027-08-31") && owing.restsOnTransition)
        #expect(owing.carriedFrom?.state == .inProgress)
        #expect(owing.explanation.first == "In progress under TEST-SHEMA version 1 when TEST-JAUNA replaced it on 2027-07-01: "
            + "TEST-JAUNA's requirement is due by the deadline TEST-SHEMA set, 2027-08-31.")
        let late = status([half], start: "2027-03-01", on: "2027-09-15")
        #expect(late.state == .expired && late.missing == [
            "24 more academic hours from PKP-BT-DARBINIEKI, PKP-BT-PRIEKSSEDETAJI as soon as possible (the deadline was 2027-08-31)",
        ])
        // Met: certified by the new rule, for its two years.
        let met = status([half, record("PKP-BT-DARBINIEKI", 24, on: "2027-08-20")], start: "2027-03-01", on: "2027-09-15")
        #expect(met.state == .certified && met.validUntil == date("2029-08-19") && !met.restsOnTransition)
    }

    @Test func someoneOverdueUnderTheOldRuleStaysOverdue() {
        // First cycle to 2025-12-31, nothing done, grace over on 2026-03-31: expired, and still so under the new rule.
        let expired = status([], on: "2027-08-01")
        #expect(expired.state == .expired && expired.validUntil == date("2025-12-31") && expired.restsOnTransition)
        #expect(expired.carriedFrom?.state == .expired)
        #expect(expired.missing == ["8 more academic hours from eligible courses as soon as possible (it expired on 2025-12-31)"])
        // The new rule's 8 hours certify them from when they are done.
        let done = status([record(nil, 8, on: "2027-09-01")], on: "2027-10-01")
        #expect(done.state == .certified && done.validUntil == date("2029-08-31") && !done.restsOnTransition)
        // Someone overdue on the old rule's initial requirement stays overdue from the new rule's first day.
        let neverTrained = status([], start: "2026-06-01", on: "2027-08-01")
        #expect(neverTrained.state == .expired && neverTrained.deadline == date("2026-11-30") && neverTrained.carriedFrom?.state == .expired)
    }

    @Test func someoneExpiredUnderTheOldRuleNeedsTrainingFromTheNewRulesFirstDay() {
        // 8 hours in the months before the old expiry fell short of 24; the new rule asks 8, but nobody gains standing on
        // the day it takes effect: only training from then counts.
        let short = record(nil, 8, on: "2025-09-01")
        #expect(status([short], on: "2027-08-01").state == .expired)
        #expect(status([short, record(nil, 8, on: "2027-06-20")], on: "2027-08-01").state == .expired)
        let done = status([short, record(nil, 8, on: "2027-07-10")], on: "2027-08-01")
        #expect(done.state == .certified && done.validUntil == date("2029-07-09") && !done.restsOnTransition)
        #expect(done.explanation.contains("Recertification 1 came after the expiry on 2025-12-31; the new cycle starts from 2027-07-10."))
    }

    @Test func someoneInGraceUnderTheOldRuleKeepsItsGraceAndTheHoursOfTheNewWindow() {
        // Certified from 2022-06-01 until 2027-05-31, in the old rule's 3 months of grace when the new rule takes effect.
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2022-06-01")
        let grace = status([programme], start: "2022-03-01", on: "2027-08-01")
        #expect(grace.state == .inGrace && grace.graceEndsOn == date("2027-08-31") && grace.carriedFrom?.state == .inGrace)
        #expect(status([programme], start: "2022-03-01", on: "2027-09-01").state == .expired)
        // 8 hours in the new rule's window before the expiry: certified by the new rule, from its first day.
        let renewed = status([programme, record(nil, 8, on: "2027-05-15")], start: "2022-03-01", on: "2027-08-01")
        #expect(renewed.state == .certified && renewed.validUntil == date("2029-06-30"))
    }

    @Test func aCarriedInitialRequirementMetBeforeTheNewRuleCertifiesFromItsFirstDay() {
        // The new rule asks 24 hours where the old asked 48: the 24 already done meet it, but the certification it
        // grants starts on the day the new rule takes effect.
        var new = Self.new
        new.initial?.requirement.academicHours = 24
        let half = record("PKP-BT-DARBINIEKI", 24, on: "2027-05-01")
        let met = status([half], start: "2027-03-01", on: "2027-08-01", scheme: new)
        #expect(met.state == .certified && met.cycles.first?.startsOn == date("2027-07-01") && met.validUntil == date("2029-06-30"))
    }

    @Test func overridesUnderBothSchemesAreReadInTheOrderRecorded() {
        let renewed = record(nil, 24, on: "2025-03-01")
        let (earlier, later) = (Date(timeIntervalSince1970: 1_800_000_000), Date(timeIntervalSince1970: 1_800_000_100))
        // Reinstated under the new scheme first, then revoked for cause under the old code (a certificate of the old
        // scheme): the revocation is the latest and stands.
        let revoked = status([renewed], on: "2027-08-01", replaced: [ReplacedScheme(versions: [Self.old], overrides: [
            .init(kind: .revoked, from: date("2027-07-20"), reason: "viltoti dokumenti", recordedAt: later),
        ])], overrides: [.init(kind: .reinstated, from: date("2027-07-10"), reason: "pārbaude beigusies", recordedAt: earlier)])
        #expect(revoked.state == .revoked)
        // The other way round, the reinstatement stands.
        let reinstated = status([renewed], on: "2027-08-01", replaced: [ReplacedScheme(versions: [Self.old], overrides: [
            .init(kind: .suspended, from: date("2027-07-05"), reason: "pārbaude", recordedAt: earlier),
        ])], overrides: [.init(kind: .reinstated, from: date("2027-07-10"), reason: "pārbaude beigusies", recordedAt: later)])
        #expect(reinstated.state == .certified)
    }

    @Test func overridesAndDecisionsRecordedUnderTheOldSchemeStand() {
        let renewed = record(nil, 24, on: "2025-03-01")
        let suspension = StatusOverride(kind: .suspended, from: date("2027-05-01"), reason: "pārbaude")
        let suspended = status([renewed], on: "2027-08-01", replaced: [ReplacedScheme(versions: [Self.old], overrides: [suspension])])
        #expect(suspended.state == .suspended)
        // Reinstated under the new scheme: certified again, as carried.
        let reinstated = status([renewed], on: "2027-08-01", replaced: [ReplacedScheme(versions: [Self.old], overrides: [suspension])],
                                overrides: [.init(kind: .reinstated, from: date("2027-07-20"), reason: "pārbaude beigusies")])
        #expect(reinstated.state == .certified && reinstated.validUntil == date("2030-12-31"))

        // Both rules ask for a commission's decision; it was recorded under the old scheme after the new took effect.
        var old = Self.old
        old.initial?.decisionBy = "Komisija"
        var new = Self.replacing(old, code: "TEST-JAUNA", from: "2027-07-01", validity: 24, hours: 8)
        new.initial?.decisionBy = "Komisija"
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2027-05-01")
        let decision = CertificationDecision(date: date("2027-07-15"), passed: true, reference: "Nr. 7")
        let decided = status([programme], start: "2027-03-01", on: "2027-08-01", scheme: new,
                             replaced: [ReplacedScheme(versions: [old], decisions: [decision])])
        #expect(decided.state == .certified && decided.validUntil == date("2029-07-14"))
        let undecided = status([programme], start: "2027-03-01", on: "2027-08-01", scheme: new, replaced: [ReplacedScheme(versions: [old])])
        #expect(undecided.state == .inProgress && undecided.missing == ["a decision of Komisija by 2027-08-31"])
    }

    @Test func theTwentyNinthOfFebruaryAndTheLastDayOfAMonth() {
        // Certified by the old rule on 2023-03-01: valid until 2028-02-29. The new window opens 2027-08-29.
        let programme = record("PKP-BT-DARBINIEKI", 48, on: "2023-03-01")
        let carried = status([programme], start: "2023-01-01", on: "2027-08-01")
        #expect(carried.validUntil == date("2028-02-29") && carried.windowOpensOn == date("2027-08-29"))
        // Hours a day early do not count: in the old rule's grace after the expiry.
        #expect(status([programme, record(nil, 8, on: "2027-08-28")], start: "2023-01-01", on: "2028-03-10").state == .inGrace)
        let renewed = status([programme, record(nil, 8, on: "2027-08-29")], start: "2023-01-01", on: "2028-03-10")
        #expect(renewed.state == .certified && renewed.validUntil == date("2030-02-28"))

        // Valid until 2030-08-31: the window opens on the last day of February.
        let september = record("PKP-BT-DARBINIEKI", 48, on: "2025-09-01")
        let endOfMonth = status([september], start: "2025-06-01", on: "2027-08-01")
        #expect(endOfMonth.validUntil == date("2030-08-31") && endOfMonth.windowOpensOn == date("2030-02-28"))
        #expect(status([september, record(nil, 8, on: "2030-02-27")], start: "2025-06-01", on: "2030-09-10").state == .inGrace)
        let next = status([september, record(nil, 8, on: "2030-02-28")], start: "2025-06-01", on: "2030-09-10")
        #expect(next.state == .certified && next.validUntil == date("2032-08-31"))
    }

    @Test func aChainOfTwoReplacementsCarriesTheFirstRulesCertificationThrough() {
        // A third rule from 2029-01-01 replaces the second: 12 hours every 3 years.
        var third = Self.replacing(Self.new, code: "TEST-TRESA", from: "2029-01-01", validity: 36, hours: 12)
        third.replaces = "TEST-JAUNA"
        let chain = [ReplacedScheme(versions: [Self.new]), ReplacedScheme(versions: [Self.old])]
        let renewed = record(nil, 24, on: "2025-03-01")
        let carried = status([renewed], on: "2029-02-01", scheme: third, replaced: chain)
        #expect(carried.state == .certified && carried.validUntil == date("2030-12-31") && carried.carriedFrom?.schemeCode == "TEST-JAUNA")
        #expect(carried.explanation.contains { $0.hasPrefix("Certified until 2030-12-31 under TEST-SHEMA version 1, carried over when TEST-TRESA replaced TEST-JAUNA") })
        // The second rule's 8 hours are not the third's 12; the first rule's grace still follows the expiry.
        let short = status([renewed, record(nil, 8, on: "2030-08-01")], on: "2031-01-15", scheme: third, replaced: chain)
        #expect(short.state == .inGrace && short.graceEndsOn == date("2031-03-31"))
        let done = status([renewed, record(nil, 8, on: "2030-08-01"), record(nil, 4, on: "2031-01-20")], on: "2031-02-01", scheme: third, replaced: chain)
        #expect(done.state == .certified && done.validUntil == date("2034-01-19"))
        // The oldest scheme's revocation is the person's, not the carried standing's: carried certified, now revoked.
        let revocation = StatusOverride(kind: .revoked, from: date("2028-03-01"), reason: "atsaukts")
        let revoked = status([renewed], on: "2029-02-01", scheme: third,
                             replaced: [ReplacedScheme(versions: [Self.new]), ReplacedScheme(versions: [Self.old], overrides: [revocation])])
        #expect(revoked.state == .revoked && revoked.carriedFrom?.state == .certified)
    }

    @Test func withNothingToCarryTheInitialRequirementIsDueFromTheStart() {
        // An employee: the old rule did not cover the post, the new one does.
        var new = Self.new
        new.appliesTo.positions.append(.orphansCourtEmployee)
        let employee = [PositionSpan(position: .orphansCourtEmployee, organisationKind: .orphansCourt, from: date("2015-01-01"))]
        let owing = status([], on: "2027-08-01", scheme: new, positions: employee)
        // Nothing carried: the new rule's coverage moved them, not the transition.
        #expect(owing.state == .notStarted && owing.deadline == date("2027-12-31") && owing.carriedFrom == nil && !owing.restsOnTransition)
        // A newcomer after the new rule took effect owes its initial requirement, and nothing rests on the transition.
        let newcomer = status([], start: "2027-09-01", on: "2027-10-01")
        #expect(newcomer.state == .notStarted && newcomer.deadline == date("2028-02-29") && !newcomer.restsOnTransition && newcomer.carriedFrom == nil)
    }

    @Test func carryOverNeedsASchemeToCarryFromAndReplacementsMayNotLoop() throws {
        let lone = SchemeFileTests.scheme([("status: approved", "status: approved\nin_post_before_start: carry_over")])
        #expect(throws: FileProblems.self) { try SchemeCatalogue.check([("test-shema.yaml", lone)], courses: SchemeFileTests.courses) }
        do {
            _ = try SchemeCatalogue.check([("test-shema.yaml", lone)], courses: SchemeFileTests.courses)
        } catch let problems as FileProblems {
            #expect(problems.problems.map(\.description) == ["test-shema.yaml:4: in_post_before_start: carry_over needs replaces: the scheme whose standing carries over"])
        }
        let a = SchemeFileTests.scheme([("status: approved", "status: draft\nreplaces: TEST-B")], code: "TEST-A")
        let b = SchemeFileTests.scheme([("status: approved", "status: draft\nreplaces: TEST-A")], code: "TEST-B")
        do {
            _ = try SchemeCatalogue.check([("test-a.yaml", a), ("test-b.yaml", b)], courses: SchemeFileTests.courses)
            Issue.record("a loop of replacements was accepted")
        } catch let problems as FileProblems {
            #expect(problems.problems.map(\.description) == [
                "test-a.yaml:4: replaces leads back to TEST-A: a scheme cannot replace itself through others",
                "test-b.yaml:4: replaces leads back to TEST-B: a scheme cannot replace itself through others",
            ])
        }
        // The lineage a service passes on stops at a loop all the same.
        var x = Self.new, y = Self.old
        y.replaces = x.code
        y.status = .approved
        x.status = .approved
        #expect(ReplacedScheme.lineage(of: [x], in: [x, y]).map { $0.map(\.code) } == [["TEST-SHEMA"]])
    }
}
