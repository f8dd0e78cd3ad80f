import Core
import Foundation

/// Who sees whose certification: a person their own, a chairperson their court's, the inspectorate all.
public enum CertificationAccess {
    public static func maySee(personOf organisationID: UUID?, personID: UUID, actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        if caller.isInspectorate || caller.personID == personID { return true }
        return caller.has(.orphansCourtChairperson) && organisationID != nil && caller.organisationID == organisationID
    }

    public static func maySeeCourt(_ organisationID: UUID, actor: Principal) -> Bool {
        guard case .caller(let caller) = actor else { return true }
        return caller.isInspectorate || (caller.has(.orphansCourtChairperson) && caller.organisationID == organisationID)
    }
}
