import Core
import Foundation

/// Who may see which training records. Plain rules, no I/O.
public enum TrainingAccess {
    public enum RecordView: Equatable {
        case all
        /// An orphan's court chairperson: their court's people (and themselves).
        case organisation(UUID)
        case own(UUID)
    }

    public static func recordView(_ actor: Principal) -> RecordView {
        guard case .caller(let caller) = actor else { return .all }
        if caller.isInspectorate { return .all }
        if caller.has(.orphansCourtChairperson), let court = caller.organisationID { return .organisation(court) }
        return .own(caller.personID)
    }

    /// A chairperson sees the records of the people who work at their court now. A record waiting for approval
    /// is for the inspectorate and its person only, in lists and alone.
    public static func maySee(_ record: TrainingRecord, organisationNow: UUID?, actor: Principal) -> Bool {
        switch recordView(actor) {
        case .all: true
        case .organisation(let court): record.personID == actor.personID || (organisationNow == court && record.approvedAt != nil)
        case .own(let person): record.personID == person
        }
    }

    /// Whether the actor made the record: approval needs someone else. Accounts are compared by id (an
    /// e-mail address may change); records made through the admin CLI by its operator label.
    public static func madeBy(_ record: TrainingRecord, actor: Principal) -> Bool {
        if let account = record.recordedAccount { return account == actor.accountID }
        return actor.accountID == nil && record.recordedBy == actor.auditLabel
    }

    /// National reports are the inspectorate's.
    public static func mayReport(_ actor: Principal) -> Bool { actor.isInspectorate }
}
