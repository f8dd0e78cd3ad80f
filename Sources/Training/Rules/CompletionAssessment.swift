import Curriculum
import Foundation
import Scheduling

/// Decides whether a participant completed a course version, and if not, why — in words people can act on.
///
/// The course's completion rule asks for a share of its academic hours (credited from attendance, see
/// `CreditedHours`), its mandatory modules attended in full (every live session covering the module marked
/// present), and a passed assessment where it requires one. Every unmet condition is a reason.
public enum CompletionAssessment {
    public struct Evidence: Sendable, Equatable {
        public var credited: HoursCredit
        /// Modules of which every covering session was attended in full.
        public var modulesAttendedInFull: Set<String>
        public var assessmentPassed: Bool?

        public init(credited: HoursCredit, modulesAttendedInFull: Set<String>, assessmentPassed: Bool?) {
            self.credited = credited
            self.modulesAttendedInFull = modulesAttendedInFull
            self.assessmentPassed = assessmentPassed
        }
    }

    /// The outcome and, when not completed, the reasons in the order of the rule.
    public static func assess(
        _ evidence: Evidence, rule: CourseDefinition.CompletionRule, courseHours: Int, scheduledModules: Set<String>
    ) -> (outcome: TrainingRecord.Outcome, reasons: [String]) {
        var reasons: [String] = []
        if evidence.credited.quarters * 100 < rule.minimumAttendancePercent * courseHours * 4 {
            reasons.append("attended \(evidence.credited) of \(courseHours) academic hours; \(rule.minimumAttendancePercent)% required")
        }
        for module in rule.mandatoryModules where !evidence.modulesAttendedInFull.contains(module) {
            reasons.append(scheduledModules.contains(module)
                ? "module \(module) not attended"
                : "module \(module) was not covered by any session of the group")
        }
        if rule.assessmentRequired {
            switch evidence.assessmentPassed {
            case nil: reasons.append("no assessment result recorded")
            case false?: reasons.append("assessment not passed")
            case true?: break
            }
        }
        return (reasons.isEmpty ? .completed : .notCompleted, reasons)
    }

    /// Modules a participant attended in full: each has at least one live session, all marked present.
    public static func modulesAttendedInFull(sessions: [GroupSession], marks: [UUID: AttendanceMark]) -> Set<String> {
        var covering: [String: [UUID]] = [:]
        for session in sessions where session.cancelledAt == nil {
            for module in session.modules { covering[module, default: []].append(session.id) }
        }
        return Set(covering.filter { _, sessions in sessions.allSatisfy { marks[$0] == .present } }.keys)
    }

    /// Modules that some live session covers.
    public static func scheduledModules(_ sessions: [GroupSession]) -> Set<String> {
        Set(sessions.filter { $0.cancelledAt == nil }.flatMap(\.modules))
    }
}
