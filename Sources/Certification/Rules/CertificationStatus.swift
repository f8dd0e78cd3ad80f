import Core
import Curriculum
import Foundation

/// A person's status under one certification scheme on a day, with what explains it: which records met which
/// requirement, what is still missing and by when, and the next day the status changes by itself.
///
/// Computed from plain values — the scheme, the positions the person held, their training records that
/// count, decisions and overrides — with no database and no HTTP, so the API, the CLI, the reminders and the
/// impact preview of a draft scheme all use this one type.
///
/// The rules, in order:
/// - The scheme applies from the later of its `effectiveFrom` and the start of the person's current unbroken
///   run of positions it covers (a move between covered positions keeps what they hold).
/// - Someone in post before the scheme took effect starts, as its `in_post_before_start` says, in a first
///   cycle from that day, with the initial requirement due from it, or (for a scheme that replaces another)
///   with what they had under the replaced scheme the day before: certified to the expiry it gave, then
///   recertifying by this scheme's rule with training from its window before that expiry; or owing this
///   scheme's requirement by the deadline the replaced one set.
/// - The initial requirement is met by records whose certification would still be valid at its deadline
///   (earlier training still current counts, older does not) up to today; with a decision step, the latest
///   decision recorded must be a pass, and the certification starts on the later of the two. Missing the
///   deadline leaves the person expired until they meet it; they are then certified from that day.
/// - Each cycle's requirement is met by records completed from the day the previous certification was renewed,
///   each record counting towards one cycle only. Meeting it renews the certification from the window's
///   opening at the earliest (the scheme's `next_expiry_from` decides the new expiry; after expiry it restarts
///   from completion), so hours cannot be banked for cycles to come.
/// - Decisions and overrides are given in the order they were recorded: the latest recorded override in force
///   (suspended, revoked, reinstated) decides.
public struct CertificationStatus: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case notStarted = "not_started"
        case inProgress = "in_progress"
        case certified
        case windowOpen = "window_open"
        case inGrace = "in_grace"
        case expired
        case suspended
        case revoked
    }

    /// One certification, met or still being worked towards.
    public struct Cycle: Sendable, Equatable {
        /// 0 for the initial certification, then 1, 2, …
        public let number: Int
        /// Records from this day count towards it.
        public let countsFrom: CalendarDate
        /// The day it must be met by: the initial deadline, or the previous certification's expiry.
        public let deadline: CalendarDate
        public let metOn: CalendarDate?
        /// The day the certification it gave begins: when it was met, or when its window opened if met before.
        public let startsOn: CalendarDate?
        /// The scheme that granted it: this one, or one it replaced (a carried certification).
        public let grantedBy: String?
        /// The version of that scheme.
        public let grantedUnder: Int?
        /// The certification it gave: valid to this day.
        public let validUntil: CalendarDate?
        public let records: [TrainingEvidence]
    }

    public let schemeCode: String
    public let schemeVersion: Int
    public let state: State
    /// Applies since (the later of the scheme's start and the person's position's).
    public let appliesFrom: CalendarDate
    public let validUntil: CalendarDate?
    /// The day the next requirement must be met by.
    public let deadline: CalendarDate?
    public let windowOpensOn: CalendarDate?
    public let graceEndsOn: CalendarDate?
    /// The next day the state changes by itself (nil when only the person's training can change it).
    public let nextChange: CalendarDate?
    public let cycles: [Cycle]
    /// What is still missing for the next requirement, each to be met as `due` says.
    public let missingItems: [StatusMessage]
    /// By when the missing things are due.
    public let due: StatusMessage?
    /// Everything above, sentence by sentence, as codes and values (`text(in:)` writes each).
    public let messages: [StatusMessage]
    /// The standing carried over from the scheme this one replaced, for someone in post when it took effect.
    public let carriedFrom: CarriedStanding?
    /// Whether the standing rests on the scheme's transition for people in post when it took effect (a carried
    /// certification, a first cycle, or a deadline it set) rather than on a requirement of the scheme met since.
    public let restsOnTransition: Bool

    /// The status on `today` under one scheme version, or nil when it does not apply to the person then.
    public static func evaluate(
        _ scheme: CertificationScheme, positions: [PositionSpan], evidence: [TrainingEvidence],
        decisions: [CertificationDecision] = [], overrides: [StatusOverride] = [], replaced: [ReplacedScheme] = [],
        withdrawn: [WithdrawnCertificate] = [], on today: CalendarDate
    ) -> CertificationStatus? {
        evaluate(versions: [scheme], positions: positions, evidence: evidence, decisions: decisions, overrides: overrides, replaced: replaced,
                 withdrawn: withdrawn, on: today)
    }

    /// The status on `today` under a scheme's versions (one code, oldest first): a rule change never rewrites
    /// what was decided. The scheme applies from its first version's start, by the version governing today; each
    /// cycle is held to the requirement of the version governing the day it began, and a certification lasts
    /// as the version governing the day it was granted says.
    ///
    /// `replaced` are the schemes this one replaces, nearest first: what was recorded under them counts as
    /// recorded under it, and with `in_post_before_start: carry_over` a person's standing there carries over.
    public static func evaluate(
        versions: [CertificationScheme], positions: [PositionSpan], evidence: [TrainingEvidence],
        decisions: [CertificationDecision] = [], overrides: [StatusOverride] = [], replaced: [ReplacedScheme] = [],
        withdrawn: [WithdrawnCertificate] = [], on today: CalendarDate
    ) -> CertificationStatus? {
        guard let versions = SchemeVersions(versions) else { return nil }
        let scheme = versions.governing(today)
        let takesEffect = versions.first.effectiveFrom
        guard let (runStart, start) = applicableFrom(scheme, positions: positions, on: today, schemeStart: takesEffect) else { return nil }
        let evidence = evidence.filter { $0.completedOn <= today }
        // Decisions and overrides recorded under a replaced scheme stand under this one, all in the order recorded.
        let decisions = RecordingOrder.merged(replaced.reversed().map(\.decisions) + [decisions], by: \.recordedAt)
        let overrides = RecordingOrder.merged(replaced.reversed().map(\.overrides) + [overrides], by: \.recordedAt)
        let atStart = versions.governing(start)

        // Someone in post before the scheme took effect goes through its transition; a newcomer owes the initial
        // requirement. Carrying over reads their standing under the replaced scheme the day before.
        let inPostBefore = runStart < takesEffect
        let carried: CertificationStatus? = inPostBefore && atStart.transition == .carryOver
            ? replaced.first.flatMap { prior in
                // The standing itself, overrides aside (they are read as this scheme's, above), down the whole chain.
                evaluate(versions: prior.versions, positions: positions, evidence: evidence, decisions: prior.decisions,
                         replaced: replaced.dropFirst().map { ReplacedScheme(versions: $0.versions, decisions: $0.decisions) },
                         on: takesEffect.adding(days: -1))
            }
            : nil
        // Carrying over with nothing to carry (a post the replaced scheme did not cover): the new rule's coverage.
        let restsOnTransition = inPostBefore && !(atStart.transition == .carryOver && carried == nil)
        var evaluation = StatusEvaluation(
            scheme: scheme, versions: versions, start: start, today: today, evidence: evidence, decisions: decisions, overrides: overrides,
            withdrawn: withdrawn,
            carriedStanding: carried.map { CarriedStanding(schemeCode: $0.schemeCode, schemeVersion: $0.schemeVersion, state: $0.state, on: takesEffect) },
            restsOnTransition: restsOnTransition
        )
        switch evaluation.establish(carried: carried, inPostBefore: inPostBefore, takesEffect: takesEffect, replaced: replaced) {
        case .owed(let status): return status
        case .held(let held): return evaluation.status(renewing: held)
        }
    }

    /// The start of the unbroken run of positions the scheme covers that includes `today`, no earlier than
    /// the scheme itself; nil when the person's position on `today` is not covered.
    /// Also the start of that run itself, before the scheme's start (`schemeStart`, its first version's) is taken
    /// into account.
    static func applicableFrom(
        _ scheme: CertificationScheme, positions: [PositionSpan], on today: CalendarDate, schemeStart: CalendarDate
    ) -> (run: CalendarDate, applies: CalendarDate)? {
        let covered = positions.filter { scheme.appliesTo.covers(position: $0.position, organisationKind: $0.organisationKind) }
            .sorted { $0.from < $1.from }
        guard let current = covered.last(where: { $0.from <= today && $0.until.map { today <= $0 } != false }) else { return nil }
        var start = current.from
        // Walk back over covered spans that end the day before (or after) the next begins.
        for span in covered.reversed() where span.from < start {
            guard let until = span.until, until.adding(days: 1) >= start else { break }
            start = span.from
        }
        return (start, max(start, schemeStart))
    }

    /// Each record and what it counts towards: the initial requirement (`towards` nil) or recertification N.
    static func describe(_ records: [TrainingEvidence], towards recertification: Int?) -> [StatusMessage] {
        records.map { record in
            var values: [String: StatusMessage.Value] = [
                "title": .text(record.title), "course": .course(record.courseCode), "date": .day(record.completedOn), "hours": .hours(record.academicHours),
            ]
            if let recertification { values["number"] = .number(recertification) }
            return StatusMessage(recertification == nil ? .recordCountsInitial : .recordCountsRecertification, values)
        }
    }

    /// The latest override standing on `today` takes over the state; certificates withdrawn in error are mentioned.
    static func overridden(
        _ status: CertificationStatus, overrides: [StatusOverride], withdrawn: [WithdrawnCertificate], on today: CalendarDate
    ) -> CertificationStatus {
        let status = withdrawn.isEmpty ? status : CertificationStatus(
            schemeCode: status.schemeCode, schemeVersion: status.schemeVersion, state: status.state, appliesFrom: status.appliesFrom,
            validUntil: status.validUntil, deadline: status.deadline, windowOpensOn: status.windowOpensOn, graceEndsOn: status.graceEndsOn,
            nextChange: status.nextChange, cycles: status.cycles, missingItems: status.missingItems, due: status.due,
            messages: status.messages + withdrawn.filter { $0.withdrawnOn <= today }.map(\.message),
            carriedFrom: status.carriedFrom, restsOnTransition: status.restsOnTransition
        )
        guard let last = overrides.filter({ $0.from <= today }).last, last.kind != .reinstated else { return status }
        let state: State = last.kind == .revoked ? .revoked : .suspended
        return CertificationStatus(
            schemeCode: status.schemeCode, schemeVersion: status.schemeVersion, state: state, appliesFrom: status.appliesFrom,
            validUntil: status.validUntil, deadline: status.deadline, windowOpensOn: status.windowOpensOn, graceEndsOn: status.graceEndsOn,
            nextChange: nil, cycles: status.cycles, missingItems: status.missingItems, due: status.due,
            messages: status.messages + [StatusMessage(
                last.kind == .revoked ? (last.certificateNumber == nil ? .revoked : .revokedWithCertificate)
                    : (last.certificateNumber == nil ? .suspended : .suspendedWithCertificate),
                ["date": .day(last.from), "reason": .text(last.reason), "certificate": .text(last.certificateNumber ?? "")]
            )],
            carriedFrom: status.carriedFrom, restsOnTransition: status.restsOnTransition
        )
    }
}

extension CertificationStatus.State {
    /// How a standing still owing the initial requirement reads when it carries over.
    var carriedCode: StatusMessage.Code {
        switch self {
        case .notStarted: .carriedNotStarted
        case .inProgress: .carriedInProgress
        default: .carriedOverdue
        }
    }
}

extension CertificationStatus {
    /// The explanation, sentence by sentence, in `language`.
    public func explanation(in language: Language) -> [String] { messages.map { $0.text(in: language) } }

    /// What is missing, each with the day it is due by, in `language`.
    public func missing(in language: Language) -> [String] {
        missingItems.map { StatusMessage.missing($0, due: due, in: language) }
    }

    /// The explanation in English (ISO days), as the CLI and the tests read it.
    public var explanation: [String] { explanation(in: .en) }
    /// What is missing, in English.
    public var missing: [String] { missing(in: .en) }
}
