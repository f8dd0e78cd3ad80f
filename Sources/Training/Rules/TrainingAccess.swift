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

    public static func maySee(_ record: TrainingRecord, actor: Principal) -> Bool {
        switch recordView(actor) {
        case .all: true
        case .organisation(let court): record.organisationID == court || record.personID == actor.personID
        case .own(let person): record.personID == person
        }
    }

    /// National reports are the inspectorate's.
    public static func mayReport(_ actor: Principal) -> Bool { actor.isInspectorate }
}
