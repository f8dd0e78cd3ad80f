import Core
import Foundation

/// Recertification, cycle after cycle: while the training completed since the held certification began counting
/// (each record counting once) meets the requirement of the version governing that day, the certification is
/// renewed — no earlier than its window opens — for as long as the version governing the renewal says.
package struct Renewals: Sendable {
    /// The certification held after the last renewal.
    package var held: HeldCertification
    /// One cycle per renewal, numbered on from `firstNumber`.
    package var cycles: [CertificationStatus.Cycle] = []
    /// Each renewal's records and, when it came after the expiry, that it was late.
    package var messages: [StatusMessage] = []
    /// The records counted, those counted before included.
    package var consumed: Set<UUID>
    /// Training towards the next renewal so far.
    package var progress: RequirementProgress

    package init(
        from held: HeldCertification, schemeCode: String, versions: SchemeVersions, evidence: [TrainingEvidence], consumed: Set<UUID>, firstNumber: Int
    ) {
        self.held = held
        self.consumed = consumed
        progress = RequirementProgress(versions.governing(held.countsFrom).recertification.requirement, evidence: [])
        // Bounded: a renewal always moves the expiry on, so the loop ends long before; the bound guards a bad rule.
        for _ in 1...200 {
            let counted = self.consumed
            progress = RequirementProgress(
                versions.governing(self.held.countsFrom).recertification.requirement,
                evidence: evidence.filter { !counted.contains($0.recordID) && $0.completedOn >= self.held.countsFrom }
            )
            guard let met = progress.metOn else { break }
            let current = self.held
            let renewedOn = max(met, current.window.opensOn(validUntil: current.validUntil), current.renewsFrom ?? met)
            let granting = versions.governing(renewedOn)
            let next = granting.window.nextValidUntil(previous: current.validUntil, recertifiedOn: renewedOn)
            let number = firstNumber + cycles.count
            cycles.append(.init(number: number, countsFrom: current.countsFrom, deadline: current.validUntil, metOn: met, startsOn: renewedOn,
                                grantedBy: schemeCode, grantedUnder: granting.version, validUntil: next, records: progress.used))
            messages += CertificationStatus.describe(progress.used, towards: number)
            if renewedOn > current.validUntil {
                messages.append(StatusMessage(.recertifiedLate, ["number": .number(number), "expiry": .day(current.validUntil), "date": .day(renewedOn)]))
            }
            self.consumed.formUnion(progress.used.map(\.recordID))
            self.held = HeldCertification(validUntil: next, window: granting.window, grantedBy: (schemeCode, granting.version),
                                          countsFrom: renewedOn, renewsFrom: nil)
        }
    }
}
