import Core
import Foundation

/// The first step of a certification: a requirement (and, where the scheme asks, a body's decision) due by a
/// deadline. Training whose certification would have lapsed by the deadline is too old to count; the latest
/// decision recorded stands, so a refusal after a pass undoes it.
struct InitialRequirement {
    /// Records from this day count: the deadline's day after, less one validity.
    let lookback: CalendarDate
    let progress: RequirementProgress
    /// The day it was met: the later of the training and the decision; nil while anything is missing.
    let metOn: CalendarDate?
    /// What is missing, without the "by" that the status adds.
    let missing: [StatusMessage]
    let explanation: [StatusMessage]
    /// The state while it is not met.
    let state: CertificationStatus.State

    init(
        _ requirement: CertificationScheme.Requirement, decisionBy body: String?, deadline: CalendarDate, validityMonths: Int,
        evidence: [TrainingEvidence], decisions: [CertificationDecision], on today: CalendarDate
    ) {
        let lookback = deadline.adding(days: 1).adding(months: -validityMonths)
        let progress = RequirementProgress(requirement, evidence: evidence.filter { $0.completedOn >= lookback })
        var metOn = progress.metOn
        var missing = progress.missing
        var explanation: [StatusMessage] = []
        if let body, let requirementMet = metOn {
            let latest = decisions.filter { $0.date >= lookback && $0.date <= today }.last
            if let latest, latest.passed {
                metOn = max(requirementMet, latest.date)
                explanation.append(StatusMessage(.decisionRecorded, ["body": .text(body), "date": .day(latest.date), "reference": .text(latest.reference)]))
            } else {
                metOn = nil
                missing.append(latest.map {
                    StatusMessage(.missingDecisionRefused, ["body": .text(body), "date": .day($0.date), "reference": .text($0.reference)])
                } ?? StatusMessage(.missingDecision, ["body": .text(body)]))
            }
        }
        explanation += CertificationStatus.describe(progress.used, towards: nil)
        if metOn == nil { explanation.append(StatusMessage(today > deadline ? .initialNotMet : .initialDue, ["date": .day(deadline)])) }
        self.lookback = lookback
        self.progress = progress
        self.metOn = metOn
        self.missing = missing
        self.explanation = explanation
        self.state = today > deadline ? .expired : (progress.used.isEmpty && missing.count == progress.missing.count ? .notStarted : .inProgress)
    }
}
