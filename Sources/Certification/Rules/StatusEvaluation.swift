import Core
import Foundation

/// The steps of working out one person's status under one scheme, in order: how the certification came to be held
/// (`establish`: carried over, the initial requirement met, or a first cycle — or the status when it is still owed),
/// its renewals (`Renewals`), and where it stands today (`HeldCertification.standing`). Holds what the steps add
/// up as they go: the cycles, the records counted and the explanation.
package struct StatusEvaluation {
    package let scheme: CertificationScheme
    package let versions: SchemeVersions
    /// The version governing the day the scheme began to apply to the person.
    package let atStart: CertificationScheme
    package let start: CalendarDate
    package let today: CalendarDate
    package let evidence: [TrainingEvidence]
    package let decisions: [CertificationDecision]
    package let overrides: [StatusOverride]
    package let withdrawn: [WithdrawnCertificate]
    package let carriedStanding: CarriedStanding?

    package private(set) var cycles: [CertificationStatus.Cycle] = []
    package private(set) var consumed = Set<UUID>()
    package private(set) var explanation: [StatusMessage] = []
    /// Whether the standing rests on the transition (carried, a first cycle, or a deadline it set) rather than on a
    /// requirement of this scheme met since.
    package private(set) var restsOnTransition: Bool

    /// How the certification came to be held, or the status while it is still owed.
    package enum Established {
        case held(HeldCertification)
        case owed(CertificationStatus)
    }

    package init(
        scheme: CertificationScheme, versions: SchemeVersions, start: CalendarDate, today: CalendarDate, evidence: [TrainingEvidence],
        decisions: [CertificationDecision], overrides: [StatusOverride], withdrawn: [WithdrawnCertificate],
        carriedStanding: CarriedStanding?, restsOnTransition: Bool
    ) {
        self.scheme = scheme
        self.versions = versions
        atStart = versions.governing(start)
        self.start = start
        self.today = today
        self.evidence = evidence
        self.decisions = decisions
        self.overrides = overrides
        self.withdrawn = withdrawn
        self.carriedStanding = carriedStanding
        self.restsOnTransition = restsOnTransition
    }

    /// The first step. `carried` is the person's standing under the replaced scheme the day before this one took
    /// effect (`takesEffect`), when they were in post then and the scheme carries standings over.
    package mutating func establish(
        carried: CertificationStatus?, inPostBefore: Bool, takesEffect: CalendarDate, replaced: [ReplacedScheme]
    ) -> Established {
        if let carried, let carriedUntil = carried.validUntil {
            return .held(holdCarried(carried, until: carriedUntil, takesEffect: takesEffect, replaced: replaced))
        }
        let certifiedOn: CalendarDate
        if let carried, let carriedDeadline = carried.deadline {
            // Still owing the initial requirement under the replaced scheme: this scheme's is due by the same day.
            explanation.append(StatusMessage(carried.state.carriedCode, [
                "replaced": .text(carried.schemeCode), "version": .number(carried.schemeVersion), "scheme": .text(scheme.code),
                "date": .day(takesEffect), "deadline": .day(carriedDeadline),
            ]))
            switch owe(atStart.initial?.requirement ?? atStart.recertification.requirement, decisionBy: atStart.initial?.decisionBy,
                       deadline: carriedDeadline, notBefore: takesEffect) {
            case .owed(let status): return .owed(status)
            case .met(let day): certifiedOn = day
            }
            restsOnTransition = false
        } else if let initial = atStart.initial, !(inPostBefore && atStart.transition == .firstCycle) {
            // A newcomer, or in post with nothing to carry over: the initial requirement from when the scheme applies.
            switch owe(initial.requirement, decisionBy: initial.decisionBy, deadline: RecertificationWindow.lastDay(from: start, months: initial.withinMonths)) {
            case .owed(let status): return .owed(status)
            case .met(let day): certifiedOn = day
            }
            restsOnTransition = false
        } else {
            // No initial requirement, or in post before the scheme took effect: in good standing from when it
            // applies, for a first cycle.
            if inPostBefore { explanation.append(StatusMessage(.firstCycle, ["scheme": .text(scheme.code), "date": .day(takesEffect)])) }
            certifiedOn = start
            cycles.append(.init(number: 0, countsFrom: start, deadline: start, metOn: start, startsOn: start, grantedBy: scheme.code,
                                grantedUnder: atStart.version, validUntil: atStart.window.validUntil(issuedOn: start), records: []))
        }
        // The version that granted the certification held now: its window and grace apply to it.
        let granting = versions.governing(certifiedOn)
        return .held(HeldCertification(validUntil: cycles.last!.validUntil!, window: granting.window, grantedBy: (scheme.code, granting.version),
                                       countsFrom: certifiedOn, renewsFrom: nil))
    }

    /// Certified (or once certified) under the replaced scheme: that certification stands to its expiry, and
    /// recertifying is by this scheme's rule, with training from its window before that expiry.
    mutating func holdCarried(_ carried: CertificationStatus, until carriedUntil: CalendarDate, takesEffect: CalendarDate,
                              replaced: [ReplacedScheme]) -> HeldCertification {
        let held = carried.cycles.filter { $0.metOn != nil }
        cycles = held
        consumed.formUnion(held.flatMap(\.records).map(\.recordID))
        let last = held.last!
        let grantedBy = (code: last.grantedBy ?? carried.schemeCode, version: last.grantedUnder ?? carried.schemeVersion)
        // Its grace stays the one it was granted with.
        let grantor = replaced.lazy.flatMap(\.versions).first { $0.code == grantedBy.code && $0.version == grantedBy.version }
        let window = RecertificationWindow(validityMonths: atStart.validityMonths,
                                           opensMonthsBeforeExpiry: atStart.recertification.windowOpensMonthsBeforeExpiry,
                                           graceMonths: grantor?.graceMonths ?? 0, basis: atStart.window.basis)!
        // Training in the new rule's window before the expiry counts, while the certification still stood when the
        // new rule took effect (certified, window open, in grace). Someone already expired stays so: only training
        // from the new rule's first day counts for them.
        let countsFrom = carried.state == .expired
            ? max(window.opensOn(validUntil: carriedUntil), takesEffect) : window.opensOn(validUntil: carriedUntil)
        explanation.append(StatusMessage(.carriedCertification, [
            "until": .day(carriedUntil), "grantedScheme": .text(grantedBy.code), "grantedVersion": .number(grantedBy.version),
            "scheme": .text(scheme.code), "replaced": .text(carried.schemeCode), "date": .day(takesEffect), "countsFrom": .day(countsFrom),
        ]))
        return HeldCertification(validUntil: carriedUntil, window: window, grantedBy: grantedBy, countsFrom: countsFrom, renewsFrom: takesEffect)
    }

    enum Owed {
        case met(CalendarDate)
        case owed(CertificationStatus)
    }

    /// The initial requirement (or what a carried standing owes), due by `deadline`: its cycle, and the status when
    /// it is not met. A certification this scheme grants begins no earlier than `notBefore` (training done before counts).
    mutating func owe(
        _ requirement: CertificationScheme.Requirement, decisionBy body: String?, deadline: CalendarDate, notBefore: CalendarDate? = nil
    ) -> Owed {
        let outcome = InitialRequirement(requirement, decisionBy: body, deadline: deadline, validityMonths: atStart.validityMonths,
                                         evidence: evidence, decisions: decisions, on: today)
        let metOn = outcome.metOn.map { max($0, notBefore ?? $0) }
        cycles.append(.init(number: cycles.count, countsFrom: outcome.lookback, deadline: deadline, metOn: metOn, startsOn: metOn,
                            grantedBy: metOn.map { _ in scheme.code }, grantedUnder: metOn.map { versions.governing($0).version },
                            validUntil: metOn.map { versions.governing($0).window.validUntil(issuedOn: $0) }, records: outcome.progress.used))
        explanation += outcome.explanation
        if let metOn {
            consumed.formUnion(outcome.progress.used.map(\.recordID))
            return .met(metOn)
        }
        let overdue = today > deadline
        return .owed(CertificationStatus.overridden(CertificationStatus(
            schemeCode: scheme.code, schemeVersion: scheme.version, state: outcome.state, appliesFrom: start, validUntil: nil,
            deadline: deadline, windowOpensOn: nil, graceEndsOn: nil, nextChange: overdue ? nil : deadline.adding(days: 1),
            cycles: cycles, missingItems: outcome.missing, due: StatusMessage(overdue ? .dueOverdueInitial : .dueBy, ["date": .day(deadline)]),
            messages: explanation, carriedFrom: carriedStanding, restsOnTransition: restsOnTransition
        ), overrides: overrides, withdrawn: withdrawn, on: today))
    }

    /// The last steps: the renewals, where the certification they leave stands today, and the cycle now running.
    package mutating func status(renewing held: HeldCertification) -> CertificationStatus {
        let renewals = Renewals(from: held, schemeCode: scheme.code, versions: versions, evidence: evidence, consumed: consumed,
                                firstNumber: cycles.count)
        cycles += renewals.cycles
        explanation += renewals.messages
        consumed = renewals.consumed
        if !renewals.cycles.isEmpty { restsOnTransition = false }
        let held = renewals.held, progress = renewals.progress
        let (state, nextChange, due) = held.standing(on: today)
        let opens = held.window.opensOn(validUntil: held.validUntil)
        explanation.append(StatusMessage(state == .expired || state == .inGrace ? .certifiedUntilPassed : .certifiedUntil, [
            "until": .day(held.validUntil), "scheme": .text(held.grantedBy.code), "version": .number(held.grantedBy.version), "opens": .day(opens),
        ]))
        cycles.append(.init(number: cycles.count, countsFrom: held.countsFrom, deadline: held.validUntil, metOn: nil, startsOn: nil, grantedBy: nil,
                            grantedUnder: nil, validUntil: nil, records: progress.used))
        if !progress.used.isEmpty {
            explanation.append(StatusMessage(.progressSoFar, ["hours": .hours(progress.hours), "titles": .list(progress.used.map(\.title))]))
        }
        let graceEnds = held.window.graceEndsOn(validUntil: held.validUntil)
        return CertificationStatus.overridden(CertificationStatus(
            schemeCode: scheme.code, schemeVersion: scheme.version, state: state, appliesFrom: start, validUntil: held.validUntil,
            deadline: held.validUntil, windowOpensOn: opens, graceEndsOn: held.window.graceMonths > 0 ? graceEnds : nil, nextChange: nextChange,
            cycles: cycles, missingItems: progress.missing, due: due, messages: explanation,
            carriedFrom: carriedStanding, restsOnTransition: restsOnTransition
        ), overrides: overrides, withdrawn: withdrawn, on: today)
    }
}
