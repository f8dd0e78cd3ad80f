import Core
import Directory
import Foundation

/// Who may do what with groups, enrolments and trainer qualifications. Plain rules, no I/O.
public enum SchedulingAccess {
    /// The inspectorate manages every group; a trainer manages the groups they lead or co-lead.
    public static func mayManage(_ group: Group, actor: Principal) -> Bool {
        if actor.isInspectorate { return true }
        guard case .caller(let caller) = actor, caller.has(.trainer) else { return false }
        return group.trainers.contains { $0.personID == caller.personID }
    }

    /// A trainer may schedule a group only with themselves among its trainers.
    public static func mayCreateGroup(lead: UUID, coTrainers: [UUID], actor: Principal) -> Bool {
        if actor.isInspectorate { return true }
        guard case .caller(let caller) = actor, caller.has(.trainer) else { return false }
        return lead == caller.personID || coTrainers.contains(caller.personID)
    }

    /// The person a caller acts for as a trainer: only an account holding the trainer role does what a group's
    /// trainers do (report on the group, sign off a provisional co-trainer's delivery), as only such an account
    /// manages a group (`mayManage`). Being named among a group's trainers is not enough on its own.
    public static func trainer(_ actor: Principal) -> UUID? {
        guard case .caller(let caller) = actor, caller.has(.trainer) else { return nil }
        return caller.personID
    }

    public static func mayManageQualifications(_ actor: Principal) -> Bool { actor.isInspectorate }

    /// Deadlines bind everyone but the inspectorate, which must give a reason to pass one.
    public static func mayOverrideDeadlines(_ actor: Principal) -> Bool { actor.isInspectorate }

    public enum EnrolmentRight: Equatable {
        /// The person enrols themselves: their position must be in the course's audience.
        case themselves
        /// Someone with the right to enrol others.
        case onBehalf
        case no(String)
    }

    public static func mayEnrol(_ person: Person, in group: Group, actor: Principal) -> EnrolmentRight {
        guard case .caller(let caller) = actor else { return .onBehalf }
        if caller.personID == person.id { return .themselves }
        if caller.isInspectorate || mayManage(group, actor: actor) { return .onBehalf }
        if caller.has(.orphansCourtChairperson), let court = caller.organisationID, person.organisationID == court {
            return .onBehalf
        }
        return .no("you may enrol only yourself, or as a chairperson your court's staff, or as a trainer into your groups")
    }

    /// Whose enrolments in a group an actor may see: everyone's, their court's, or their own.
    public enum EnrolmentView: Equatable {
        case all
        case organisation(UUID)
        case own(UUID)
    }

    public static func enrolmentView(of group: Group, actor: Principal) -> EnrolmentView {
        guard case .caller(let caller) = actor else { return .all }
        if mayManage(group, actor: actor) { return .all }
        if caller.has(.orphansCourtChairperson), let court = caller.organisationID { return .organisation(court) }
        return .own(caller.personID)
    }
}
