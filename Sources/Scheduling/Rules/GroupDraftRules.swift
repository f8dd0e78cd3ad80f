import Core
import Curriculum
import Foundation

/// What a group draft must satisfy, alone and against its course. Plain rules, no I/O.
public enum GroupDraftRules {
    /// A draft whose own fields are valid.
    public struct Checked: Sendable, Equatable {
        public let code: String
        public let region: PlanningRegion
        public let venue: String?
        public let registration: RegistrationWindow
    }

    /// Checks the draft's own fields, reporting every problem at once.
    public static func check(_ draft: GroupDraft) throws(ServiceError) -> Checked {
        var validation = Validation()
        let code = validation.requiredText(draft.code, "code", maxLength: 60)
        var region: PlanningRegion?
        let problemsBefore = validation.problems.count
        if let text = validation.optionalText(draft.region, "region") {
            region = PlanningRegion(lenient: text)
            if region == nil { validation.add("region", "must be one of \(PlanningRegion.allCases.map(\.rawValue).joined(separator: ", "))") }
        } else if validation.problems.count == problemsBefore {
            // Absent or blank: a group is always in one of the planning regions.
            validation.add("region", "is required")
        }
        let venue = validation.optionalText(draft.venue, "venue")
        if !draft.online, venue == nil { validation.add("venue", "is required unless the group meets online") }
        if !Capacity.allowed.contains(draft.capacity) {
            validation.add("capacity", "must be between \(Capacity.allowed.lowerBound) and \(Capacity.allowed.upperBound)")
        }
        let registration = RegistrationWindow(
            opensAt: validation.rigaTime(draft.registrationOpensAt, "registrationOpensAt"),
            closesAt: validation.rigaTime(draft.registrationClosesAt, "registrationClosesAt"),
            cancellationDeadline: validation.rigaTime(draft.cancellationDeadline, "cancellationDeadline")
        )
        if let opens = registration.opensAt, let closes = registration.closesAt, closes <= opens {
            validation.add("registrationClosesAt", "must be after registrationOpensAt")
        }
        if Set(draft.coTrainerIDs + [draft.leadTrainerID]).count != draft.coTrainerIDs.count + 1 {
            validation.add("coTrainerIds", "must not repeat the lead trainer or each other")
        }
        try validation.check()
        return Checked(code: code!, region: region!, venue: venue, registration: registration)
    }

    /// The group's minimum of participants: as asked, or for a pilot group the course's pilot minimum, which
    /// a pilot group may not go below; never more than the capacity.
    public static func minimumParticipants(_ draft: GroupDraft, course: CourseDefinition) throws(ServiceError) -> Int {
        if draft.pilot, course.pilot == nil {
            throw .validation([FieldProblem("pilot", "\(course.code) has no pilot rule")])
        }
        let minimum = draft.minimumParticipants ?? (draft.pilot ? course.pilot!.minimumParticipants : 0)
        if minimum < 0 {
            throw .validation([FieldProblem("minimumParticipants", "must not be negative")])
        }
        if draft.pilot, let rule = course.pilot, minimum < rule.minimumParticipants {
            throw .validation([FieldProblem("minimumParticipants", "a pilot group of \(course.code) needs at least \(rule.minimumParticipants)")])
        }
        if minimum > draft.capacity {
            throw .validation([FieldProblem("minimumParticipants", "\(minimum) is more than the capacity \(draft.capacity)")])
        }
        return minimum
    }

    /// Groups deliver approved versions only.
    public static func requireApproved(_ version: StoredCourseVersion) throws(ServiceError) {
        guard version.status == .approved else {
            throw .validation([FieldProblem(
                "courseVersion",
                "version \(version.definition.version) of \(version.definition.code) is \(version.status.rawValue); groups deliver approved versions"
            )])
        }
    }
}

extension Validation {
    /// A Riga time (or one with an offset), or a problem for `field` saying why not.
    public mutating func rigaTime(_ text: String?, _ field: String) -> Date? {
        guard let text = optionalText(text, field, maxLength: 40) else { return nil }
        do { return try RigaTime.instant(from: text) } catch {
            add(field, error.description)
            return nil
        }
    }
}
